using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>One log record as written.</summary>
public sealed record LogRecord(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>
/// A loopback app with only <see cref="SeamlessProblemDetails.UseSeamlessProblemDetails"/> and routes that fail
/// on purpose (throw, or read a body above Kestrel's limit), so the 500 and Kestrel client-error paths can be
/// provoked; every log record is kept.
/// </summary>
public sealed class ProblemDetailsApp : IAsyncDisposable
{
    /// <summary>Kestrel's body limit in this app.</summary>
    public const int KestrelBodyLimit = 1024;

    /// <summary>Text of the exception the failing route throws: must never reach a response.</summary>
    public const string Secret = "connection string Server=db;Password=hunter2 at Seamless.Internal.Thing";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<LogRecord> _logs;

    private ProblemDetailsApp(WebApplication app, ConcurrentQueue<LogRecord> logs, Uri baseAddress)
    {
        _app = app;
        _logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public IReadOnlyList<LogRecord> Logs => [.. _logs];

    public static async Task<ProblemDetailsApp> StartAsync()
    {
        var logs = new ConcurrentQueue<LogRecord>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = KestrelBodyLimit);
        var app = builder.Build();
        app.UseSeamlessProblemDetails();
        app.MapGet("/throws", string () => throw new InvalidOperationException(Secret));
        app.MapPost("/reads", async (HttpContext c) =>
        {
            // Reads past Kestrel's limit: Kestrel throws BadHttpRequestException (413) from the read.
            using var sink = new MemoryStream();
            await c.Request.Body.CopyToAsync(sink);
            return Results.Ok();
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProblemDetailsApp(app, logs, new Uri(address.TrimEnd('/') + "/"));
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request);
            return new ApiResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<LogRecord> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<LogRecord> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new LogRecord(category, logLevel, formatter(state, exception), exception));
    }
}
