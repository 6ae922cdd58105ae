using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Api;
using Seamless.Azure;
using Seamless.Core.Time;
using Seamless.Durable;
using Seamless.Simulator;
using Seamless.Workflows;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Host.Serving;

/// <summary>
/// The self-hosted app: ASP.NET Core + the embedded durable engine + the scale-in timer, talking to
/// Azure, to a simulator at a URL, or to an in-process simulator.
/// </summary>
public sealed class SeamlessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DataFolder _folder;
    private readonly IDisposable? _engineWatch;
    private IDisposable? _drive;

    private SeamlessServer(WebApplication app, DataFolder folder, SimulatorHost? simulator, Uri baseAddress, VirtualClock? virtualClock, IDisposable? engineWatch)
    {
        _app = app;
        _folder = folder;
        Simulator = simulator;
        BaseAddress = baseAddress;
        VirtualClock = virtualClock;
        _engineWatch = engineWatch;
    }

    /// <summary>Gets the virtual clock the app and its simulator run on (<see cref="ServeSettings.VirtualTime"/>), else null.</summary>
    public VirtualClock? VirtualClock { get; }

    /// <summary>Gets the in-process simulator, when simulating.</summary>
    public SimulatorHost? Simulator { get; }

    /// <summary>Gets the address the API listens on.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Gets the absolute path of the data folder this server owns.</summary>
    public string DataDirectory => _folder.FullPath;

    /// <summary>
    /// Builds and starts the server. Throws <see cref="DataFolderException"/> (one line) when another
    /// process owns the data folder or the folder belongs to another Azure scope.
    /// </summary>
    public static async Task<SeamlessServer> StartAsync(ServeSettings settings, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Before anything can run: the folder is this process's until it exits, or it is not used at all.
        var folder = DataFolder.Acquire(settings.DataDirectory);
        try
        {
            return await StartAsync(settings, folder, logLevel, cancellationToken);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the host shuts down (Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _engineWatch?.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            if (Simulator is not null)
            {
                await Simulator.DisposeAsync();
            }
        }
        finally
        {
            _folder.Dispose();
            if (VirtualClock is not null)
            {
                await VirtualClock.DisposeAsync();
            }

            _drive?.Dispose();
        }
    }

    private static async Task<SeamlessServer> StartAsync(ServeSettings settings, DataFolder folder, LogLevel logLevel, CancellationToken cancellationToken)
    {
        if (!settings.VirtualTime)
        {
            return await StartAsync(settings, folder, null, logLevel, cancellationToken);
        }

        VirtualClock clock;
        IDisposable? drive = null;
        if (settings.Simulate)
        {
            var start = settings.SimulationStart ?? TimeProvider.System.GetUtcNow();
            clock = new VirtualClock(new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero));
        }
        else if (settings.AzureEndpoint is { } endpoint)
        {
            (clock, drive) = await DrivenSimulator.DriveAsync(endpoint, cancellationToken);
        }
        else
        {
            throw new ArgumentException("Virtual time needs a simulator: the in-process one (--simulate) or one started with --driven-time at --azure-endpoint; Azure's clock cannot jump.", nameof(settings));
        }

        try
        {
            // Starting is work: time stands still until the engine's queue is watched.
            using (clock.Work())
            {
                var server = await StartAsync(settings, folder, clock, logLevel, cancellationToken);
                server._drive = drive;
                return server;
            }
        }
        catch
        {
            await clock.DisposeAsync();
            drive?.Dispose();
            throw;
        }
    }

    private static async Task<SeamlessServer> StartAsync(ServeSettings settings, DataFolder folder, VirtualClock? virtualClock, LogLevel logLevel, CancellationToken cancellationToken)
    {
        SimulatorHost? simulator = null;
        TimeProvider clock = virtualClock ?? TimeProvider.System;
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Uri? endpoint = settings.AzureEndpoint;
        if (settings.Simulate)
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = settings.TimeScale, FleetFile = settings.FleetFile, Fleet = settings.Fleet, Start = settings.SimulationStart, Clock = virtualClock }, cancellationToken);
            endpoint = simulator.BaseAddress;
            clock = simulator.Clock;
            var snapshot = simulator.State.Snapshot();
            int sites = 0;
            for (int p = 0; p < snapshot.Plans.Count; p++)
            {
                overrides[$"Seamless:Managed:Plans:{p}"] = snapshot.Plans[p].Id;
                foreach (var site in snapshot.Plans[p].Sites)
                {
                    overrides[$"Seamless:Managed:Sites:{sites++}"] = site.Id;
                }
            }
        }
        else if (endpoint is not null && virtualClock is null && settings.TimeScale > 1)
        {
            clock = await AnchorClockAsync(endpoint, settings.TimeScale, cancellationToken);
        }

        if (endpoint is not null)
        {
            string baseUrl = endpoint.ToString().TrimEnd('/');
            overrides["Seamless:Azure:ArmEndpoint"] = baseUrl;
            overrides["Seamless:Azure:MetricsEndpoint"] = baseUrl;
            overrides["Seamless:Azure:DataPlaneEndpoint"] = baseUrl;
            overrides["Seamless:Azure:StaticToken"] = settings.Token;
        }

        foreach (var (key, value) in settings.Overrides)
        {
            overrides[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SeamlessServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        DataScopeVerdict scope;
        try
        {
            scope = folder.CheckScope(DataScope.FromConfiguration(builder.Configuration, settings.Simulate));
        }
        catch
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 4 * 1024 * 1024);

        builder.Services.AddSingleton(clock);
        if (virtualClock is not null)
        {
            VirtualTime.AddClientWork(builder.Services, virtualClock);
        }

        builder.Services.AddSeamlessWorkflows(builder.Configuration);
        builder.Services.AddSeamlessApi();
        builder.Services.AddSeamlessAzure(builder.Configuration);
        builder.Services.AddSeamlessDurableEngine(o => o.DataDirectory = folder.FullPath);
        builder.Services.AddHostedService<ScaleInTimerService>();
        builder.Services.TryAddSingleton<StatePurger>();
        builder.Services.AddHostedService<StatePurgeService>();
        builder.Services.AddHostedService<NotificationService>();

        var app = builder.Build();
        if (virtualClock is not null)
        {
            VirtualTime.UseServedWork(app, virtualClock);
        }

        app.MapSeamlessApi();
        app.MapSeamlessConsoleHome();
        try
        {
            // Validated at start anyway, but there the hosting layer logs each failure with a stack trace first;
            // read here, a bad setting reaches the CLI as its one-line message only.
            _ = app.Services.GetRequiredService<IOptions<SeamlessOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<AzureAccessOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<DurableEngineOptions>>().Value;
            _ = app.Services.GetRequiredService<ScaleInSchedule>();
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }

        folder.RecordScope(scope);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var engineWatch = virtualClock is null ? null : VirtualTime.WatchEngine(app.Services, virtualClock);
        return new SeamlessServer(app, folder, simulator, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), virtualClock, engineWatch);
    }

    /// <summary>Shares a standalone simulator's clock: same simulated time, same speed.</summary>
    private static async Task<TimeProvider> AnchorClockAsync(Uri endpoint, double scale, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/clock", UriKind.Relative), ct));
        var now = doc.RootElement.GetProperty("now").GetDateTimeOffset();
        if (doc.RootElement.TryGetProperty("driven", out var driven) && driven.ValueKind == JsonValueKind.True)
        {
            throw DrivenSimulator.NotDriving(endpoint);
        }

        double simScale = doc.RootElement.TryGetProperty("scale", out var s) ? s.GetDouble() : scale;
        return new ScaledTimeProvider(TimeProvider.System, now, simScale);
    }
}
