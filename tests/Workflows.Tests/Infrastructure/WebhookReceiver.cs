using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>A webhook on loopback (Kestrel) that records every delivery and answers as the test says; it can be stopped and started again on the same port.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    private WebhookReceiver(int port) => Port = port;

    /// <summary>Gets the port (kept across stop and start).</summary>
    public int Port { get; }

    /// <summary>Gets the URL to configure.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Gets every delivery received, in order.</summary>
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>Gets or sets the status to answer.</summary>
    public int Status { get; set; } = 200;

    /// <summary>Gets or sets how long to wait before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A receiver listening now.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(FreePort.Next());
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>A receiver that is down: its port refuses connections until <see cref="StartAgainAsync"/>.</summary>
    public static WebhookReceiver Down() => new(FreePort.Next());

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync(context.RequestAborted);
            Deliveries.Enqueue(new Delivery(body, context.Request.ContentType, context.Request.Headers["Seamless-Signature"].ToString()));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            context.Response.StatusCode = Status;
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>One delivery as received.</summary>
    public sealed record Delivery(string Body, string? ContentType, string Signature);
}
