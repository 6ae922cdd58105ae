using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seamless.Core.Time;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Http;
using Seamless.Simulator.Model;

namespace Seamless.Simulator;

/// <summary>
/// A running simulator: an HTTP server on loopback serving ARM, Azure Monitor, the control API and
/// the data plane, over one <see cref="SimulatorState"/>. Used in-process by the Host, the demo and tests.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ITimer _ticker;

    private SimulatorHost(WebApplication app, SimulatorState state, Uri baseAddress, ITimer ticker)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        _ticker = ticker;
    }

    /// <summary>Gets the base URL (ARM, Monitor, <c>/_sim/</c>), e.g. <c>http://127.0.0.1:53123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the simulator state (control and inspection).</summary>
    public SimulatorState State { get; }

    /// <summary>Gets the simulated clock (share it with the engine so both see the same time).</summary>
    public SimulatedClock Clock => State.Clock;

    /// <summary>Starts a simulator.</summary>
    public static Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default) =>
        StartAsync(options, LogLevel.Warning, ct);

    /// <summary>Starts a simulator with the given minimum log level (the standalone program logs more).</summary>
    internal static async Task<SimulatorHost> StartAsync(SimulatorOptions options, LogLevel logLevel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeScale, 1.0, nameof(options));
        string? baseDirectory = options.FleetFile is null ? null : Path.GetDirectoryName(Path.GetFullPath(options.FleetFile));
        var fleet = options.Fleet ?? (options.FleetFile is { } file ? FleetLoader.Load(file) : DefaultFleet.Create());
        var baseClock = options.BaseClock ?? TimeProvider.System;
        var start = SimulatorState.FromMinute(SimulatorState.MinuteOf(options.Clock?.GetUtcNow() ?? options.Start ?? baseClock.GetUtcNow()));
        SimulatedClock clock = options.Clock ?? (options.DrivenTime ? new DrivenClock(start) : new ScaledTimeProvider(baseClock, start, options.TimeScale));
        var state = new SimulatorState(fleet, clock, start, options.Seed, baseDirectory) { DrainSettings = options.Drain };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.WebHost.UseUrls(options.Urls is { Length: > 0 } urls ? urls : ["http://127.0.0.1:0"]);
        var app = builder.Build();

        // Serving a request is work: a virtual clock does not move on while one is served (a client that
        // announced its own work is served inside it), except through the simulated waits the server makes.
        app.Use(async (context, next) =>
        {
            using var work = clock.Join(context.Request.Headers[VirtualClock.WorkHeader].FirstOrDefault());
            await next(context);
        });
        if (clock is DrivenClock driven)
        {
            // Driven time: the caller's time comes first; the simulated waits of serving the call are the caller's to wait.
            app.Use(async (context, next) =>
            {
                if (DateTimeOffset.TryParse(context.Request.Headers[DrivenClock.NowHeader].FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var callerNow))
                {
                    driven.AdvanceTo(callerNow);
                }

                using var owed = DrivenClock.OweLatency();
                context.Response.OnStarting(() =>
                {
                    if (owed.Total > TimeSpan.Zero)
                    {
                        context.Response.Headers[DrivenClock.LatencyHeader] = owed.Total.ToString("c", CultureInfo.InvariantCulture);
                    }

                    return Task.CompletedTask;
                });
                await next(context);
            });
        }

        SimEndpoints.Map(app, state, clock);
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        string address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.First();
        var uri = new UriBuilder(address);
        if (uri.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        var ticker = baseClock.CreateTimer(_ => state.Tick(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
        return new SimulatorHost(app, state, uri.Uri, ticker);
    }

    /// <summary>Waits until the host is shut down (Ctrl+C or SIGTERM in the standalone program).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
