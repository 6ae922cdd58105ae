using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Seamless.Azure;
using Seamless.Core.Time;
using Seamless.Durable;

namespace Seamless.Host.Serving;

/// <summary>
/// Runs the self-hosted app on a <see cref="VirtualClock"/> shared with its in-process simulator (or driving a
/// standalone one, <see cref="DrivenSimulator"/>, to which every call also says the app's time and from which it
/// takes the simulated time the call owes): every
/// call the app makes (Azure pipeline, probes, notifications) and every API request it serves is work,
/// announced to the simulator so the server joins it; the durable engine reports when it next has work.
/// An Azure call is work across its retries: Azure.Core waits between them in real time, which costs no
/// simulated time (the clock must not jump past the call while it waits).
/// </summary>
internal static class VirtualTime
{
    /// <summary>Registers the clients' work announcements (before the Azure adapters are added).</summary>
    public static void AddClientWork(IServiceCollection services, VirtualClock clock)
    {
        services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new AnnouncingHandler(clock)));
        services.AddSingleton(sp => Pipelines(sp.GetRequiredService<IOptions<AzureAccessOptions>>().Value, clock));
    }

    /// <summary>The Azure pipelines whose every call, across its retries, is work on <paramref name="clock"/>.</summary>
    public static AzurePipelineFactory Pipelines(AzureAccessOptions options, VirtualClock clock) =>
        new(options, perCallPolicies: [new AnnouncingPolicy(clock)]);

    /// <summary>
    /// Counts every API request that can change something as work (joined to the caller's, when it announced
    /// one). Reads are not: they change nothing, and an observer polling the status must not keep time still.
    /// </summary>
    public static void UseServedWork(WebApplication app, VirtualClock clock) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            using var work = clock.Join(context.Request.Headers[VirtualClock.WorkHeader].FirstOrDefault());
            await next(context);
        });

    /// <summary>Lets the clock see the engine's queue once the app has started.</summary>
    public static IDisposable WatchEngine(IServiceProvider services, VirtualClock clock)
    {
        var engine = services.GetRequiredService<DurableEngine>();
        return clock.AddWakeSource(engine.NextWorkAt, engine.Wake);
    }

    /// <summary>The app's time as a driven simulator reads it (<see cref="DrivenClock.NowHeader"/>).</summary>
    private static string Now(VirtualClock clock) => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Waits the simulated time a driven simulator says the call took (<see cref="DrivenClock.LatencyHeader"/>, e.g. a
    /// site's latency serving a probe) on the app's clock: the wait is not work, so time passes through it.
    /// </summary>
    private static Task WaitOwedAsync(VirtualClock clock, string? owed, CancellationToken cancellationToken) =>
        TimeSpan.TryParseExact(owed, "c", CultureInfo.InvariantCulture, out var latency) && latency > TimeSpan.Zero
            ? clock.DelayAsync(latency, cancellationToken)
            : Task.CompletedTask;

    private sealed class AnnouncingHandler(VirtualClock clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var work = clock.Work();
            request.Headers.Remove(VirtualClock.WorkHeader);
            request.Headers.TryAddWithoutValidation(VirtualClock.WorkHeader, VirtualClock.CurrentWorkId);
            request.Headers.Remove(DrivenClock.NowHeader);
            request.Headers.TryAddWithoutValidation(DrivenClock.NowHeader, Now(clock));
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitOwedAsync(clock, response.Headers.TryGetValues(DrivenClock.LatencyHeader, out var owed) ? owed.FirstOrDefault() : null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return response;
        }
    }

    private sealed class AnnouncingPolicy(VirtualClock clock) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            using var work = Announce(message);
            ProcessNext(message, pipeline);
            WaitOwedAsync(clock, Owed(message), message.CancellationToken).GetAwaiter().GetResult();
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            using var work = Announce(message);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            await WaitOwedAsync(clock, Owed(message), message.CancellationToken).ConfigureAwait(false);
        }

        private static string? Owed(HttpMessage message) =>
            message.HasResponse && message.Response.Headers.TryGetValue(DrivenClock.LatencyHeader, out var owed) ? owed : null;

        private IDisposable Announce(HttpMessage message)
        {
            var work = clock.Work();
            message.Request.Headers.SetValue(VirtualClock.WorkHeader, VirtualClock.CurrentWorkId!);
            message.Request.Headers.SetValue(DrivenClock.NowHeader, Now(clock));
            return work;
        }
    }
}
