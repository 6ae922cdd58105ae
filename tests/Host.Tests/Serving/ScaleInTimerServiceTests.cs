using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Seamless.Host.Serving;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Host.Tests.Serving;

/// <summary>The Host's scale-in timer sweeps at the occurrences of <c>SCALE_IN_SCHEDULE</c> on the clock it is given.</summary>
public sealed class ScaleInTimerServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 1, 30, TimeSpan.Zero);

    // Guards against a hang only; no assertion depends on how long anything takes.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_EveryFiveMinutes_SweepsAtEachOccurrenceAndNotBefore()
    {
        var clock = new SignallingClock(Start);
        var sweeps = Channel.CreateUnbounded<DateTimeOffset>();
        using var cts = new CancellationTokenSource();
        var loop = ScaleInTimerService.RunAsync(ScaleInSchedule.Parse("0 */5 * * * *"), clock, _ => Record(sweeps, clock), _ => { }, null, cts.Token);
        var noon = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] expected = [noon.AddMinutes(5), noon.AddMinutes(10), noon.AddMinutes(15)];

        var seen = new List<DateTimeOffset>();
        var early = new List<DateTimeOffset>();
        await clock.WaitForTimerAsync();
        foreach (var occurrence in expected)
        {
            clock.SetUtcNow(occurrence.AddSeconds(-1));
            while (sweeps.Reader.TryRead(out var sweep))
            {
                early.Add(sweep);
            }

            clock.SetUtcNow(occurrence);
            seen.Add(await ReadAsync(sweeps));
            await clock.WaitForTimerAsync();
        }

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => loop);
        early.ShouldBeEmpty();
        seen.ShouldBe(expected);
        sweeps.Reader.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_SweepFails_ReportedAndTheNextOccurrenceSweepsAgain()
    {
        var clock = new SignallingClock(Start);
        var sweeps = Channel.CreateUnbounded<DateTimeOffset>();
        var failures = Channel.CreateUnbounded<Exception>();
        int calls = 0;
        using var cts = new CancellationTokenSource();
        var loop = ScaleInTimerService.RunAsync(
            ScaleInSchedule.Parse("0 */2 * * * *"),
            clock,
            _ => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("ARM said no") : Record(sweeps, clock),
            ex => failures.Writer.TryWrite(ex),
            null,
            cts.Token);

        await clock.WaitForTimerAsync();
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 12, 2, 0, TimeSpan.Zero));
        var failure = await failures.Reader.ReadAsync().AsTask().WaitAsync(Hang);
        await clock.WaitForTimerAsync();
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 12, 4, 0, TimeSpan.Zero));
        var second = await ReadAsync(sweeps);

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => loop);
        failure.Message.ShouldBe("ARM said no");
        second.ShouldBe(new DateTimeOffset(2026, 3, 10, 12, 4, 0, TimeSpan.Zero));
    }

    private static Task Record(Channel<DateTimeOffset> sweeps, TimeProvider clock)
    {
        sweeps.Writer.TryWrite(clock.GetUtcNow());
        return Task.CompletedTask;
    }

    private static async Task<DateTimeOffset> ReadAsync(Channel<DateTimeOffset> sweeps) =>
        await sweeps.Reader.ReadAsync().AsTask().WaitAsync(Hang);

    /// <summary>A fake clock that says when a timer is created on it: the loop is then waiting for the next occurrence.</summary>
    private sealed class SignallingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _created = new(0);

        public async Task WaitForTimerAsync() => (await _created.WaitAsync(Hang)).ShouldBeTrue("the loop never waited on the clock");

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Release();
            return timer;
        }
    }
}
