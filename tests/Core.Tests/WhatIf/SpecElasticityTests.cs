using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class SpecElasticityTests
{
    public static TheoryData<string, double[], double[], ElasticityMetrics> Cases => new()
    {
        // Supply equals demand throughout and moves with it: nothing missing, nothing in excess, perfectly stable.
        { "exact", [2, 4, 4, 2], [2, 4, 4, 2], new(0, 0, 0, 0, 0, 0) },
        // Demand 4 all along, supply 2, 4, 6, 4: t0 misses 2/4 = 50 %, t2 has 2/4 = 50 % extra.
        // θU = 50 / 4 = 12.5, θO = 12.5; τU = τO = 1/4 = 25 %. Supply moves in 3 of 3 steps while demand is flat: υ = 100 %.
        // Jitter: 3 supply adaptations − 0 demand adaptations over 4 minutes = 3 / (4/60 h) = 45 per hour.
        { "supply oscillates around flat demand", [4, 4, 4, 4], [2, 4, 6, 4], new(12.5, 12.5, 25, 25, 100, 45) },
        // Demand 2, 4, 4, 2; supply lags one step: 2, 2, 4, 4.
        // t1 misses 2/4 = 50 %; t3 has 2/2 = 100 % extra. θU = 12.5, θO = 25; τU = τO = 25 %.
        // Steps: (0→1) demand up, supply flat ⇒ unstable; (1→2) demand flat, supply up ⇒ unstable; (2→3) demand down, supply flat ⇒ unstable: υ = 100 %.
        // Jitter: 1 supply − 2 demand adaptations over 4 minutes = −15 per hour.
        { "supply lags demand by one step", [2, 4, 4, 2], [2, 2, 4, 4], new(12.5, 25, 25, 25, 100, -15) },
        // Static supply 5 against demand 2, 3, 4, 5: over by 3/2, 2/3, 1/4, 0 ⇒ θO = (150 + 66.667 + 25) / 4 = 60.417; τO = 75 %.
        // Demand rises in 3 of 3 steps, supply never moves: υ = 100 %; jitter (0 − 3) / (4/60) = −45.
        { "static supply", [2, 3, 4, 5], [5, 5, 5, 5], new(0, 60.417, 0, 75, 100, -45) },
        // Both rise together then fall together: same direction every step, υ = 0, jitter 0, supply one short at t1 (1/3).
        { "same direction, short once", [2, 3, 2], [2, 2.5, 2], new(5.556, 0, 33.333, 0, 0, 0) },
        { "empty", [], [], new(0, 0, 0, 0, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_HandComputedSeries_GivesTheSpecMetrics(string name, double[] demand, double[] supply, ElasticityMetrics expected)
    {
        var metrics = SpecElasticity.Compute(demand, supply);

        metrics.ShouldBe(expected, name);
    }

    [Fact]
    public void Compute_FiveMinuteSamples_JitterIsPerHour()
    {
        var metrics = SpecElasticity.Compute([4, 4, 4, 4], [2, 4, 6, 4], sampleMinutes: 5);

        metrics.JitterPerHour.ShouldBe(9);
    }

    [Fact]
    public void Compute_ZeroDemand_CountsExcessAgainstOneUnit()
    {
        var metrics = SpecElasticity.Compute([0, 0], [1, 0]);

        metrics.AccuracyOverPercent.ShouldBe(50);
        metrics.TimeshareOverPercent.ShouldBe(50);
    }

    [Fact]
    public void Compute_DifferentLengths_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SpecElasticity.Compute([1, 2], [1]));
    }
}
