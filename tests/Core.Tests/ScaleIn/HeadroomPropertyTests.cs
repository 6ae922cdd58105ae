using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>
/// Safety properties of the learned headroom over random plan histories (level, noise, bursts up to ×6, gaps, saturated
/// minutes, from half an hour to three days), with fixed seeds so failures reproduce (<see cref="PropertyReplay"/>).
/// </summary>
public sealed class HeadroomPropertyTests
{
    private const int MaxTest = 80;

    private static readonly DateTimeOffset End = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    private static readonly Gen<(DemandHistory History, HeadroomSettings Settings)> HistoryGen =
        from minutes in Gen.Frequency((3, Gen.Choose(30, 600)), (2, Gen.Choose(601, 2 * HeadroomLearner.Day)), (2, Gen.Choose((2 * HeadroomLearner.Day) + 1, 3 * HeadroomLearner.Day)))
        from levelTenths in Gen.Choose(5, 200)
        from noisePercent in Gen.Choose(0, 30)
        from burstEvery in Gen.Choose(40, 3000)
        from burstLength in Gen.Choose(1, 15)
        from burstTenths in Gen.Choose(10, 60)
        from gapEvery in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(5, 200)))
        from saturatedBursts in Gen.Elements(false, true)
        from lastMissing in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from seed in Gen.Choose(0, int.MaxValue)
        from min in Gen.Choose(1, 4)
        from max in Gen.Choose(8, 40)
        select (History(minutes, levelTenths / 10.0, noisePercent / 100.0, burstEvery, burstLength, burstTenths / 10.0, gapEvery, saturatedBursts, lastMissing, seed),
            new HeadroomSettings(BudgetPercent: 0.1, LeadMinutes: 3, SweepMinutes: 1, LearningMinutes: 4 * HeadroomLearner.Day, Min: min, Max: max));

    private static readonly Arbitrary<(DemandHistory History, HeadroomSettings Settings)> Cases = HistoryGen.ToArbitrary();

    [Property(MaxTest = MaxTest, Replay = "41485," + PropertyReplay.Gamma)] // seed 0xA20D
    public Property Estimate_NeverBelowTheMinimumNorAboveTheMaximum_AndAScaleInKeepsAtLeastWhatItRequires() =>
        Prop.ForAll(Cases, c =>
        {
            var learned = HeadroomLearner.Learn(c.History, c.Settings);
            return HeadroomPlanner.Estimate(c.History, learned, c.Settings) is not { } e
                || (e.Required >= c.Settings.Min && e.Required <= c.Settings.Max && e.ScaleInFloor >= e.Required && e.ScaleInFloor <= c.Settings.Max);
        });

    [Property(MaxTest = MaxTest, Replay = "57005," + PropertyReplay.Gamma)] // seed 0xDEAD
    public Property Estimate_NeverOnMissingData() =>
        Prop.ForAll(Cases, c =>
        {
            var learned = HeadroomLearner.Learn(c.History, c.Settings);
            var latestKnown = c.History.Busy[^1] is { } b && double.IsFinite(b);
            return (HeadroomPlanner.Estimate(c.History, learned, c.Settings) is not null) == latestKnown;
        });

    [Property(MaxTest = MaxTest, Replay = "47806," + PropertyReplay.Gamma)] // seed 0xBABE
    public Property Learn_IsDeterministic_NeverBelowTheWarmUpFloor_AndNamesAMinimumOnlyForABurstBeyondReach() =>
        Prop.ForAll(Cases, c =>
        {
            var learned = HeadroomLearner.Learn(c.History, c.Settings);
            var again = HeadroomLearner.Learn(c.History, c.Settings);
            return learned == again
                && (!learned.Learned || learned.Setting.Multiplier >= HeadroomLearner.WarmUpFloor(learned.CoveredMinutes) - 1e-9)
                && (learned.MinimumToKeepBudget is not { } minimum
                    || (learned.OverloadPercentBeyondReach is not null && minimum >= c.Settings.Min && minimum <= c.Settings.Max));
        });

    [Fact]
    public void Cases_ReachEveryBranch_SoThePropertiesAreNotVacuous()
    {
        var samples = Gen.Sample(HistoryGen, 120, new Rnd(0xA20D), 50);

        var learned = samples.Select(s => (s.Settings, Learned: HeadroomLearner.Learn(s.History, s.Settings), s.History)).ToList();

        learned.Count(l => !l.Learned.Learned).ShouldBeGreaterThan(5, "cold starts");
        learned.Count(l => l.Learned.Learned && l.Learned.BudgetKeptOnHistory).ShouldBeGreaterThan(5, "settings that kept the budget");
        learned.Count(l => l.Learned.MinimumToKeepBudget is not null).ShouldBeGreaterThan(0, "bursts beyond reach that name a minimum");
        learned.Count(l => HeadroomPlanner.Estimate(l.History, l.Learned, l.Settings) is null).ShouldBeGreaterThan(0, "histories whose latest minute is missing");
        learned.Count(l => HeadroomPlanner.Estimate(l.History, l.Learned, l.Settings)?.Required == l.Settings.Max).ShouldBeGreaterThan(0, "estimates capped at the maximum");
    }

    /// <summary>
    /// A plan's busy instances: a level with noise, bursts of <paramref name="burstFactor"/> × the level every
    /// <paramref name="burstEvery"/> minutes, a missing minute every <paramref name="gapEvery"/> (0: none); saturated bursts
    /// show what the plan served (the level) and ask for the burst.
    /// </summary>
    private static DemandHistory History(int minutes, double level, double noise, int burstEvery, int burstLength, double burstFactor, int gapEvery, bool saturated, bool lastMissing, int seed)
    {
        var random = new Random(seed);
        var busy = new double?[minutes];
        var asked = new double?[minutes];
        for (var t = 0; t < minutes; t++)
        {
            var value = level * (1 + (noise * ((2 * random.NextDouble()) - 1)));
            var inBurst = t % burstEvery < burstLength && t >= burstLength;
            if (inBurst && saturated)
            {
                asked[t] = value * burstFactor;
            }
            else if (inBurst)
            {
                value *= burstFactor;
            }

            var gap = gapEvery > 0 && t % gapEvery == gapEvery - 1;
            busy[t] = gap ? null : Math.Round(value, 3);
            asked[t] = gap ? null : asked[t];
        }

        if (lastMissing)
        {
            busy[^1] = null;
            asked[^1] = null;
        }

        return new DemandHistory(End, busy) { Asked = asked };
    }
}
