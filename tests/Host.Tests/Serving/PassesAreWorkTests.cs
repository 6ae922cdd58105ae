using System.Threading.Channels;
using Seamless.Core.Time;
using Seamless.Host.Serving;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// On a virtual clock a Host pass (the scale-in sweep, a recurring pass) is work: simulated time does not move while
/// it runs, however long it takes in real time.
/// </summary>
public sealed class PassesAreWorkTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    // A pass that takes this long in real time, far beyond the clock's quiet grace (5 ms).
    private static readonly TimeSpan SlowPass = TimeSpan.FromMilliseconds(60);

    // Guards against a hang only.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecurringPass_SlowPassesOnAVirtualClock_TimeStandsStillInEachAndTheyRunOneIntervalApart()
    {
        var real = new RealTimeFromResume();
        await using var clock = new VirtualClock(Start, real: real);
        var passes = Channel.CreateUnbounded<(DateTimeOffset Began, DateTimeOffset Ended)>();
        using var service = new SlowPassService(clock, passes.Writer);
        using var cts = new CancellationTokenSource(Hang);

        await service.StartAsync(cts.Token);
        real.Resume(); // from here on the loop alone keeps time still until its first pass has run
        var seen = new List<(DateTimeOffset Began, DateTimeOffset Ended)>();
        for (int i = 0; i < 3; i++)
        {
            seen.Add(await passes.Reader.ReadAsync(cts.Token));
        }

        await service.StopAsync(CancellationToken.None);
        seen.ShouldAllBe(p => p.Began == p.Ended);
        seen.Select(p => p.Began).ShouldBe([Start, Start.AddMinutes(5), Start.AddMinutes(10)]);
    }

    [Fact]
    public async Task ScaleInTimer_SlowSweepsOnAVirtualClock_TimeStandsStillInEachAndTheyRunAtTheOccurrences()
    {
        var real = new RealTimeFromResume();
        await using var clock = new VirtualClock(Start.AddSeconds(30), real: real);
        var sweeps = Channel.CreateUnbounded<(DateTimeOffset Began, DateTimeOffset Ended)>();
        using var cts = new CancellationTokenSource(Hang);

        var loop = ScaleInTimerService.RunAsync(ScaleInSchedule.Parse("0 */5 * * * *"), clock, ct => SlowPassAsync(clock, sweeps.Writer, ct), _ => { }, null, cts.Token);
        real.Resume();
        var seen = new List<(DateTimeOffset Began, DateTimeOffset Ended)>();
        for (int i = 0; i < 3; i++)
        {
            seen.Add(await sweeps.Reader.ReadAsync(cts.Token));
        }

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(loop);
        seen.ShouldAllBe(p => p.Began == p.Ended);
        seen.Select(p => p.Began).ShouldBe([Start.AddMinutes(5), Start.AddMinutes(10), Start.AddMinutes(15)]);
    }

    private static async Task SlowPassAsync(TimeProvider clock, ChannelWriter<(DateTimeOffset, DateTimeOffset)> passes, CancellationToken ct)
    {
        var began = clock.GetUtcNow();
        await Task.Delay(SlowPass, ct); // real time: CPU or I/O the clock cannot see
        await passes.WriteAsync((began, clock.GetUtcNow()), ct);
    }

    private sealed class SlowPassService(TimeProvider clock, ChannelWriter<(DateTimeOffset, DateTimeOffset)> passes) : RecurringPassService(clock)
    {
        private readonly TimeProvider _clock = clock;

        protected override TimeSpan? Interval => TimeSpan.FromMinutes(5);

        protected override Task RunPassAsync(CancellationToken cancellationToken) => SlowPassAsync(_clock, passes, cancellationToken);

        protected override void OnPassFailed(Exception exception) => throw new InvalidOperationException("a pass failed", exception);
    }
}
