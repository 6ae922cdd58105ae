using Seamless.Host.Serving;
using Seamless.Simulator;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Virtual time across two processes (here two servers in one): <c>serve --azure-endpoint --virtual-time</c> drives a
/// simulator started with <c>--driven-time</c>; a clock that runs by itself on either side is refused with one line.
/// </summary>
public sealed class DrivenSimulatorTests
{
    private const string Key = "driven-tests-key-0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serve_VirtualTimeOnADrivenSimulator_StartsAtItsTimeAndMovesItBeforeGoingOn()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { DrivenTime = true, Start = Start });
        await using var server = await SelfHostedServer.StartAsync(new ServeSettings { AzureEndpoint = simulator.BaseAddress, VirtualTime = true, Overrides = SelfHostedServer.KeyOnly(Key) });
        var clock = server.Server.VirtualClock.ShouldNotBeNull();

        // Nothing works: the app's time moves on by itself; the simulator's follows it, jump by jump.
        using var limit = new CancellationTokenSource(Ceiling);
        while (clock.GetUtcNow() < Start.AddMinutes(30))
        {
            await Task.Delay(10, limit.Token);
        }

        using (server.Server.HoldTime())
        {
            var appNow = clock.GetUtcNow();
            while (simulator.State.Now != clock.GetUtcNow())
            {
                await Task.Delay(10, limit.Token);
            }

            simulator.State.Now.ShouldBeGreaterThanOrEqualTo(appNow);
        }
    }

    [Fact]
    public async Task Serve_VirtualTimeOnASimulatorWhoseClockRuns_RefusedNamingTheFlag()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = 60, Start = Start });

        var ex = await Should.ThrowAsync<ArgumentException>(() => SelfHostedServer.StartAsync(new ServeSettings { AzureEndpoint = simulator.BaseAddress, VirtualTime = true, Overrides = SelfHostedServer.KeyOnly(Key) }));

        ex.Message.ShouldContain("--driven-time");
        ex.Message.ShouldContain("runs by itself");
    }

    [Fact]
    public async Task Serve_ScaledTimeOnADrivenSimulator_RefusedNamingTheFlag()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { DrivenTime = true, Start = Start });

        var ex = await Should.ThrowAsync<ArgumentException>(() => SelfHostedServer.StartAsync(new ServeSettings { AzureEndpoint = simulator.BaseAddress, TimeScale = 60, Overrides = SelfHostedServer.KeyOnly(Key) }));

        ex.Message.ShouldBe($"The simulator at {simulator.BaseAddress} runs on driven time (--driven-time): serve with --virtual-time to drive it.");
    }

    [Fact]
    public async Task Serve_VirtualTimeWithoutASimulator_Refused()
    {
        var ex = await Should.ThrowAsync<ArgumentException>(() => SelfHostedServer.StartAsync(new ServeSettings { VirtualTime = true, Overrides = SelfHostedServer.KeyOnly(Key) }));

        ex.Message.ShouldStartWith("Virtual time needs a simulator");
    }
}
