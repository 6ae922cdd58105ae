using Microsoft.DurableTask;
using Seamless.Durable;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>
/// The embedded engine's real SQLite state store in a temporary folder of its own, for tests of code that keeps
/// records in the store (outbox, retention). Disposing closes the engine and deletes the folder.
/// </summary>
public sealed class ScratchStateStore : IAsyncDisposable
{
    private readonly string _data;
    private readonly DurableEngine _engine;

    public ScratchStateStore(string name)
    {
        _data = Path.Combine(Path.GetTempPath(), $"seamless-{name}-" + Guid.NewGuid().ToString("N")[..12]);
        _engine = new DurableEngine(new DurableEngineOptions { DataDirectory = _data }, new DurableTaskRegistry());
    }

    public IStateStore Store => _engine.StateStore;

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left to the temp folder's own clean-up.
        }
    }
}
