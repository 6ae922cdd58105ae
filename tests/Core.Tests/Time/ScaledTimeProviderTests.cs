using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Time;

namespace Seamless.Core.Tests.Time;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SimulatedStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromReal_Scale120_OneRealSecondIsTwoSimulatedMinutes()
    {
        var clock = new ScaledTimeProvider(new FakeTimeProvider(RealStart), SimulatedStart, 120);

        var simulated = clock.FromReal(TimeSpan.FromSeconds(1));
        var real = clock.ToReal(TimeSpan.FromSeconds(120));

        simulated.ShouldBe(TimeSpan.FromSeconds(120));
        real.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("one real second", 1_000)]
    [InlineData("a quarter second", 250)]
    [InlineData("a minute", 60_000)]
    public void ToReal_OfFromReal_ReturnsTheRealDuration(string name, int realMs)
    {
        var clock = new ScaledTimeProvider(new FakeTimeProvider(RealStart), SimulatedStart, 120);
        var real = TimeSpan.FromMilliseconds(realMs);

        var roundTrip = clock.ToReal(clock.FromReal(real));

        roundTrip.ShouldBe(real, name);
    }

    [Fact]
    public void GetUtcNow_BaseAdvancedOneSecond_SimulatedAdvancesScaleSeconds()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new ScaledTimeProvider(real, SimulatedStart, 120);

        real.Advance(TimeSpan.FromSeconds(1));

        clock.GetUtcNow().ShouldBe(SimulatedStart.AddMinutes(2));
    }

    [Theory]
    [InlineData("zero", 0)]
    [InlineData("negative", -5)]
    public void DelayAsync_ZeroOrNegative_CompletesAtOnce(string name, int seconds)
    {
        var clock = new ScaledTimeProvider(new FakeTimeProvider(RealStart), SimulatedStart, 120);

        var delay = clock.DelayAsync(TimeSpan.FromSeconds(seconds), CancellationToken.None);

        delay.IsCompletedSuccessfully.ShouldBeTrue(name);
    }

    [Fact]
    public async Task DelayAsync_TwoSimulatedMinutes_CompletesWhenBaseAdvancesOneSecond()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new ScaledTimeProvider(real, SimulatedStart, 120);
        var delay = clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        real.Advance(TimeSpan.FromMilliseconds(999));
        bool completedEarly = delay.IsCompleted;

        real.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));

        completedEarly.ShouldBeFalse();
        delay.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_ScaleBelowOne_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(new FakeTimeProvider(RealStart), SimulatedStart, 0.5));
    }
}
