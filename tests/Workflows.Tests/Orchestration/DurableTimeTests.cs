using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.Orchestration;

/// <summary>Durable waits never end a window early, even when a timer fires before its time (Azure Storage: up to 1 s).</summary>
public sealed class DurableTimeTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task WaitUntilAsync_TimerFiresASecondEarly_RearmsUntilTheTargetTime()
    {
        var context = new ScriptedOrchestrationContext("i", Start, (_, _) => null) { EarlyFire = TimeSpan.FromSeconds(1) };
        var target = Start.AddMinutes(5);

        await DurableTime.WaitUntilAsync(context, target);

        context.CurrentUtcDateTime.ShouldBeGreaterThanOrEqualTo(target);
        context.Timers.ShouldBe([target, target]);
    }

    [Fact]
    public async Task DelayAsync_TimerOnTime_OneTimer()
    {
        var context = new ScriptedOrchestrationContext("i", Start, (_, _) => null);

        await DurableTime.DelayAsync(context, TimeSpan.FromMinutes(2));

        context.CurrentUtcDateTime.ShouldBe(Start.AddMinutes(2));
        context.Timers.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task WaitUntilAsync_Cancelled_DoesNotRearm()
    {
        var context = new ScriptedOrchestrationContext("i", Start, (_, _) => null) { EarlyFire = TimeSpan.FromSeconds(1) };
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await DurableTime.WaitUntilAsync(context, Start.AddMinutes(1), cancelled.Token);

        context.Timers.ShouldHaveSingleItem();
    }
}
