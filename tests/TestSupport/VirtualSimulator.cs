using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure;
using Seamless.Core.Time;
using Seamless.Host.Serving;
using Seamless.Simulator;

namespace Seamless.TestSupport;

/// <summary>
/// An in-process simulator on a <see cref="VirtualClock"/>, for tests whose clients (the Azure adapters, the
/// activities over them) poll it on their own. Simulated time stands still while a call is in flight or being
/// served and, once everything has been quiet for a few real milliseconds, jumps to the next due instant (an
/// adapter's poll delay, a simulated wait of the simulator), so no outcome depends on the machine's speed.
/// The adapters wait on <see cref="Clock"/> and send through <see cref="Pipelines"/> (or the services of
/// <see cref="AddClientWork"/>): a call is work across its retries, as in the self-hosted app
/// (<c>src/Host/Serving/VirtualTime.cs</c>). An idle simulator's time races ahead.
/// </summary>
public sealed class VirtualSimulator : IAsyncDisposable
{
    private VirtualSimulator(SimulatorHost host, VirtualClock clock)
    {
        Host = host;
        Clock = clock;
    }

    /// <summary>Gets the simulator.</summary>
    public SimulatorHost Host { get; }

    /// <summary>Gets the clock the simulator runs on; the adapters' time provider.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Starts a simulator whose virtual clock starts at <see cref="StandingSimulator.Start"/>.</summary>
    public static async Task<VirtualSimulator> StartAsync(int seed, Seamless.Simulator.Fleet.FleetSpec? fleet = null)
    {
        var clock = new VirtualClock(StandingSimulator.Start);
        try
        {
            return new VirtualSimulator(await SimulatorHost.StartAsync(new SimulatorOptions { Clock = clock, Seed = seed, Fleet = fleet }), clock);
        }
        catch
        {
            await clock.DisposeAsync();
            throw;
        }
    }

    /// <summary>Azure pipelines whose every call, across its retries, is work on <see cref="Clock"/>.</summary>
    public AzurePipelineFactory Pipelines(AzureAccessOptions options) => VirtualTime.Pipelines(options, Clock);

    /// <summary>
    /// Registers <see cref="Clock"/> as the <see cref="TimeProvider"/> and makes every call of the Azure adapters and
    /// HTTP clients work on it; call before <c>AddSeamlessAzure</c> (which then keeps these pipelines).
    /// </summary>
    public IServiceCollection AddClientWork(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        VirtualTime.AddClientWork(services, Clock);
        return services;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Clock.DisposeAsync();
    }
}
