using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>A state store that is down: every call throws.</summary>
internal sealed class DownStateStore : IStateStore
{
    public Task<StoredItem?> GetAsync(string key, CancellationToken cancellationToken) => throw new IOException("store down");

    public Task<StoredItem?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken) => throw new IOException("store down");

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw new IOException("store down");

    public Task<IReadOnlyList<StoredItem>> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => throw new IOException("store down");
}
