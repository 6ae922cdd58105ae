using System.Collections.Concurrent;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>
/// Records every request the client sends (method, path, query, headers; not the body) before passing
/// it on, so tests can check what went over the wire to a real server.
/// </summary>
public sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers
            .Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        Uri uri = request.RequestUri!;
        _requests.Enqueue(new RecordedRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, string.Empty));
        return base.SendAsync(request, cancellationToken);
    }
}
