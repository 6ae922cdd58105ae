using Seamless.Core.Time;

namespace Seamless.Core.Tests.Time;

/// <summary>Driven time: it moves only when its driver moves it, never back; waits inside a served call are owed, not waited.</summary>
public sealed class DrivenClockTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AdvanceTo_EarlierInstant_TimeDoesNotGoBack()
    {
        var clock = new DrivenClock(Start);

        clock.AdvanceTo(Start.AddMinutes(5)).ShouldBe(Start.AddMinutes(5));
        clock.AdvanceTo(Start.AddMinutes(1)).ShouldBe(Start.AddMinutes(5));

        clock.GetUtcNow().ShouldBe(Start.AddMinutes(5));
    }

    [Fact]
    public async Task Delay_OutsideAServedCall_EndsOnlyWhenTheDriverMovesPastIt()
    {
        var clock = new DrivenClock(Start);

        var waiting = clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        clock.AdvanceTo(Start.AddMinutes(1));
        waiting.IsCompleted.ShouldBeFalse("time is short of the due instant");
        clock.AdvanceTo(Start.AddMinutes(2));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        clock.GetUtcNow().ShouldBe(Start.AddMinutes(2));
    }

    [Fact]
    public void AdvanceTo_PastTwoTimers_RunsThemInDueOrderAndAPeriodicOneOncePerPeriod()
    {
        var clock = new DrivenClock(Start);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromMinutes(3), Timeout.InfiniteTimeSpan);
        using var periodic = clock.CreateTimer(_ => fired.Add("every minute"), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.AdvanceTo(Start.AddMinutes(3.5));

        fired.ShouldBe(["every minute", "every minute", "late", "every minute"]);
    }

    [Fact]
    public async Task Delay_InsideAServedCall_EndsAtOnceAndIsOwedInFull()
    {
        var clock = new DrivenClock(Start);
        TimeSpan owedInside;

        using (var owed = DrivenClock.OweLatency())
        {
            await clock.DelayAsync(TimeSpan.FromMilliseconds(120), CancellationToken.None);
            await Task.WhenAll(
                clock.DelayAsync(TimeSpan.FromSeconds(1), CancellationToken.None),
                Task.Run(() => clock.DelayAsync(TimeSpan.FromSeconds(2), CancellationToken.None)));
            owedInside = owed.Total;
        }

        owedInside.ShouldBe(TimeSpan.FromMilliseconds(3120));
        clock.GetUtcNow().ShouldBe(Start, "an owed wait moves no time here");
        clock.DelayAsync(TimeSpan.FromSeconds(1), CancellationToken.None).IsCompleted.ShouldBeFalse("outside the call a wait is waited again");
    }

    [Fact]
    public void Timer_DisposedBeforeItsTime_NeverRuns()
    {
        var clock = new DrivenClock(Start);
        bool fired = false;
        var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.AdvanceTo(Start.AddHours(1));

        fired.ShouldBeFalse();
    }
}
