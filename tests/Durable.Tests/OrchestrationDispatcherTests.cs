using Microsoft.Extensions.Time.Testing;

namespace Seamless.Durable.Tests;

public sealed class OrchestrationDispatcherTests
{
    [Fact]
    public async Task RunBatch_ScheduledInstancesWithEarlyEventsFillBatch_OtherInstancesStillRun()
    {
        // Arrange: one batch slot, taken by a scheduled instance (StartAt in an hour) that already has an event.
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var harness = await EngineHarness.StartAsync(
            r => r
                .AddOrchestratorFunc<string>("Waiter", ctx => ctx.WaitForExternalEvent<string>("Go"))
                .AddOrchestratorFunc<string?>("Echo", ctx => ctx.GetInput<string>()),
            clock,
            configure: o => o.MaxEpisodesPerBatch = 1);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("scheduled", start.AddHours(1)));
        await harness.Client.RaiseEventAsync("scheduled", "Go", "early");

        // Act
        var result = await harness.RunAsync("Echo", "now", "now");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("now");
        (await harness.Client.GetInstanceAsync("scheduled"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Pending);
    }
}
