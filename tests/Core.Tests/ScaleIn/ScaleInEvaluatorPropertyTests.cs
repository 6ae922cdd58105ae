using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.FSharp.Core;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>Safety properties over random plans and policies, with fixed seeds so failures reproduce.</summary>
public sealed class ScaleInEvaluatorPropertyTests
{
    private const int MaxTest = 3000;

    private static readonly DateTimeOffset Now = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A level per series (low loads are common, so scale-ins happen) with noise below it, and sometimes gaps.</summary>
    private static Gen<IReadOnlyList<double?>> Series(int maxValue) =>
        from level in Gen.Frequency((3, Gen.Choose(0, maxValue * 4)), (1, Gen.Choose(0, maxValue * 10)))
        from length in Gen.Frequency((12, Gen.Choose(10, 14)), (1, Gen.Choose(0, 9)))
        from gappy in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from values in Gen.ListOf(Sample(level, gappy), length)
        select (IReadOnlyList<double?>)values.ToList();

    private static Gen<double?> Sample(int levelTenths, bool gappy) =>
        Gen.Frequency(
            (gappy ? 4 : 1000, Gen.Choose(levelTenths * 7 / 10, levelTenths).Select(v => (double?)(v / 10.0))),
            (1, Gen.Constant<double?>(null)));

    private static readonly Gen<ScaleInPolicy> PolicyGen =
        from maxStep in Gen.Choose(1, 5)
        from min in Gen.Choose(1, 5)
        from zoneMin in Gen.Choose(2, 4)
        from rate in Gen.Choose(1, 5)
        from line in Gen.Choose(50, 90)
        from margin in Gen.Choose(0, 20)
        from seasonal in Gen.Elements(MissingSeasonalDataBehaviour.Skip, MissingSeasonalDataBehaviour.Hold)
        from headroom in Gen.Elements(HeadroomMode.Learned, HeadroomMode.Fixed)
        select ScaleInPolicy.Default with
        {
            Headroom = headroom,
            MaxStep = maxStep,
            Min = min,
            Max = 40,
            ZoneRedundantMinimum = zoneMin,
            RateLimitInstances = rate,
            ScaleOutCpu = line,
            Margin = margin,
            MissingSeasonalData = seasonal,
        };

    private static readonly Gen<ScaleInContext> ContextGen =
        from capacity in Gen.Choose(1, 40)
        from zoneRedundant in Gen.Elements(true, false)
        from cpu in Series(100)
        from memory in Series(100)
        from queue in Series(15)
        from instanceLevel in Gen.Choose(0, 800)
        from instanceGappy in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from instanceLoad in Gen.ListOf(Sample(instanceLevel, instanceGappy), capacity + 1)
        from coveredInstances in Gen.Frequency((8, Gen.Constant(capacity)), (1, Gen.Choose(0, capacity + 1)))
        from lease in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from veto in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from vetoMinutes in Gen.Choose(-30, 30)
        from lastChange in Gen.Choose(0, 120)
        from recentCount in Gen.Choose(0, 3)
        from recent in Gen.ListOf(Gen.Zip(Gen.Choose(0, 60), Gen.Choose(1, 3)), recentCount)
        from unhealthy in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
        from yesterday in Gen.Frequency((3, Gen.Choose(0, 400).Select(v => (double?)(v / 10.0))), (1, Gen.Constant<double?>(null)))
        from lastWeek in Gen.Frequency((3, Gen.Choose(0, 400).Select(v => (double?)(v / 10.0))), (1, Gen.Constant<double?>(null)))
        from required in Gen.Frequency((6, Gen.Choose(1, 45).Select(r => (int?)r)), (1, Gen.Constant<int?>(null)))
        from rising in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 6)))
        select new ScaleInContext
        {
            PlanId = "plan",
            Now = Now,
            Capacity = capacity,
            MaxWorkers = 40,
            ZoneRedundant = zoneRedundant,
            Samples = new SignalSamples(cpu, memory, queue),
            PerInstanceCpu = instanceLoad.Take(coveredInstances).Select((v, i) => new InstanceCpu($"in{i}", v, v)).ToList(),
            UnhealthyInstances = Enumerable.Range(0, unhealthy).Select(i => $"in{i}").ToList(),
            LastCapacityChangeAt = Now.AddMinutes(-lastChange),
            RecentScaleIns = recent.Select(r => new ScaleInRecord(Now.AddMinutes(-r.Item1), r.Item2)).ToList(),
            VetoActive = veto,
            VetoUntil = Now.AddMinutes(vetoMinutes),
            LeaseHeld = lease,
            Seasonal = new SeasonalPeaks(yesterday, lastWeek),
            Headroom = required is { } r ? Estimate(r, rising) : null,
        };

    /// <summary>
    /// A learned estimate that requires <paramref name="required"/> instances (×1.2 headroom, 10-minute hold) and, while
    /// demand rises, keeps <paramref name="rising"/> more on a scale-in.
    /// </summary>
    private static HeadroomEstimate Estimate(int required, int rising) =>
        new(0.1, 3, 1.15, new HeadroomSetting(1.2, 10, Seasonal: false), required / 1.2, null, required, required - (required / 1.2), Learned: true, 0.02)
        {
            Latest = (required + rising) / 1.2,
            ScaleInFloor = required + rising,
        };

    private static readonly Arbitrary<(ScaleInContext Context, ScaleInPolicy Policy)> Cases =
        Gen.Zip(ContextGen, PolicyGen).Select(t => (t.Item1, t.Item2)).ToArbitrary();

    [Property(MaxTest = MaxTest, Replay = "24225," + PropertyReplay.Gamma)] // seed 0x5EA1
    public Property Evaluate_NeverBelowTheFloor() =>
        Holds((c, p, d) => d.ToCapacity >= Math.Min(c.Capacity, p.FloorFor(c.ZoneRedundant)));

    [Property(MaxTest = MaxTest, Replay = "125534," + PropertyReplay.Gamma)] // seed 0x1EA5E
    public Property Evaluate_NeverDuringALease() =>
        Holds((c, p, d) => !c.LeaseHeld || d.Action == ScaleInAction.Hold);

    [Property(MaxTest = MaxTest, Replay = "12648430," + PropertyReplay.Gamma)] // seed 0xC0FFEE
    public Property Evaluate_NeverWhenAProjectionCrossesItsLimit() =>
        Holds((c, p, d) =>
        {
            if (d.Action == ScaleInAction.Hold)
            {
                return true;
            }

            var window = p.WindowMinutes;
            double Max(IReadOnlyList<double?> s) => s.Skip(s.Count - window).Max(v => v!.Value);
            var factor = (double)c.Capacity / d.ToCapacity;
            return Max(c.Samples.CpuPercent) * factor < p.CpuLimit
                && Max(c.Samples.MemoryPercent) * factor < p.ScaleOutMemory - p.Margin
                && Max(c.Samples.HttpQueuePerInstance) * factor < p.ScaleOutQueuePerInstance * (100 - p.Margin) / 100
                && c.PerInstanceCpu.Max(i => i.Stabilised!.Value) * factor < p.HottestInstanceLimit;
        });

    [Property(MaxTest = MaxTest, Replay = "55930," + PropertyReplay.Gamma)] // seed 0xDA7A
    public Property Evaluate_NeverOnMissingData() =>
        Holds((c, p, d) =>
        {
            var window = p.WindowMinutes;
            bool Complete(IReadOnlyList<double?> s) => s.Count >= window && s.Skip(s.Count - window).All(v => v is not null);
            var complete = Complete(c.Samples.CpuPercent) && Complete(c.Samples.MemoryPercent) && Complete(c.Samples.HttpQueuePerInstance)
                && c.PerInstanceCpu.Count(i => i.Stabilised is not null) >= c.Capacity;
            return complete || d.Action == ScaleInAction.Hold;
        });

    [Property(MaxTest = MaxTest, Replay = "48879," + PropertyReplay.Gamma)] // seed 0xBEEF
    public Property Evaluate_Learned_NeverBelowWhatTheBudgetRequiresNorWithoutAnEstimate() =>
        Holds((c, p, d) =>
            p.Headroom != HeadroomMode.Learned
            || d.Action == ScaleInAction.Hold
            || (c.Headroom is { } h && d.ToCapacity >= h.Required && d.ToCapacity >= h.ScaleInFloor && d.Headroom == h));

    [Property(MaxTest = MaxTest, Replay = "22505," + PropertyReplay.Gamma)] // seed 0x57E9
    public Property Evaluate_NeverMoreThanMaxStepNorDuringVetoCooldownOrUsedRateLimit() =>
        Holds((c, p, d) =>
        {
            if (d.Action == ScaleInAction.Hold)
            {
                return d.ToCapacity == d.FromCapacity && d.Step == 0;
            }

            var vetoed = c.VetoActive && c.VetoUntil > c.Now;
            var cooling = c.Now - c.LastCapacityChangeAt < p.Cooldown;
            var used = c.RecentScaleIns.Where(r => r.At > c.Now - p.RateLimitPeriod).Sum(r => r.Instances);
            return d.Step >= 1 && d.Step <= p.MaxStep && !vetoed && !cooling && used + d.Step <= p.RateLimitInstances
                && c.UnhealthyInstances.Count == 0;
        });

    [Fact]
    public void Evaluate_ScalesInSometimes_SoThePropertiesAreNotVacuous()
    {
        var samples = Gen.Sample(Cases.Generator, 2000, new Rnd(42), 50);

        var scaleIns = samples.Count(s => ScaleInEvaluator.Evaluate(s.Context, s.Policy).Action == ScaleInAction.ScaleIn);

        scaleIns.ShouldBeGreaterThan(40);
    }

    [Fact]
    public void Holds_ABrokenRule_IsFalsifiedWithTheSameSeedAndCases()
    {
        // A property that is false for some plans (a rule "never scale in more than one instance at a time", while the
        // policies allow MaxStep up to 5) must be caught by the same cases the properties above run: a property runner
        // that draws too few or too tame cases would pass it.
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(MaxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x57E9, ulong.Parse(PropertyReplay.Gamma, CultureInfo.InvariantCulture)), FSharpOption<int>.None)));

        var failure = Should.Throw<Exception>(() => Check.One(config, Holds((c, p, d) => d.Step <= 1)));

        failure.Message.ShouldContain("Falsifiable");
    }

    /// <summary>The property that <paramref name="rule"/> holds for every generated plan, policy and decision.</summary>
    private static Property Holds(Func<ScaleInContext, ScaleInPolicy, ScaleInDecision, bool> rule) =>
        Prop.ForAll(Cases, c => rule(c.Context, c.Policy, ScaleInEvaluator.Evaluate(c.Context, c.Policy)));
}
