using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>A request the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public string? QueryValue(string name)
    {
        foreach (string pair in Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0]) == name)
            {
                return parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            }
        }

        return null;
    }
}

/// <summary>A canned response.</summary>
public sealed record StubResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static StubResponse Json(string body, int status = 200) => new(status, body);
}

/// <summary>
/// A Kestrel server on 127.0.0.1 with an ephemeral port: every request is recorded and answered by
/// the handler (real HTTP, so the Azure.Core pipeline is exercised end to end).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackServer> StartAsync(Func<RecordedRequest, StubResponse> handler) =>
        await StartRawAsync(async (context, server) =>
        {
            RecordedRequest request = await RecordAsync(context);
            server._requests.Enqueue(request);
            StubResponse response = handler(request);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = response.Status;
            foreach (KeyValuePair<string, string> header in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            if (response.Body is not null)
            {
                context.Response.ContentType ??= "application/json";
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
            }
        });

    public static async Task<LoopbackServer> StartRawAsync(Func<HttpContext, LoopbackServer, Task> handler)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(context => handler(context, server));
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public void Record(RecordedRequest request) => _requests.Enqueue(request);

    public static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
