using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleOutRuleTests
{
    [Theory]
    [InlineData("small plan grows by one", 2, 30, 3, ScaleOutRule.ScaleOut)]
    [InlineData("4 grows by one (25 %)", 4, 30, 5, ScaleOutRule.ScaleOut)]
    [InlineData("8 grows by two", 8, 30, 10, ScaleOutRule.ScaleOut)]
    [InlineData("10 grows by three (ceil 2.5)", 10, 30, 13, ScaleOutRule.ScaleOut)]
    [InlineData("capped at policy max", 28, 30, 30, ScaleOutRule.CappedScaleOut)]
    [InlineData("capped at plan max workers", 9, 10, 10, ScaleOutRule.CappedScaleOut)]
    [InlineData("unknown max workers uses policy max", 98, 0, 100, ScaleOutRule.CappedScaleOut)]
    [InlineData("a plan past 30 grows to its own max", 35, 40, 40, ScaleOutRule.CappedScaleOut)]
    [InlineData("at max", 30, 30, 30, ScaleOutRule.AtMaximum)]
    [InlineData("above max stays", 35, 30, 35, ScaleOutRule.AtMaximum)]
    public void Compute_Capacity_GivesBoundedTarget(string name, int capacity, int maxWorkers, int expected, string reason)
    {
        var decision = ScaleOutRule.Compute(capacity, maxWorkers, ScaleInPolicy.Default);

        decision.ToCapacity.ShouldBe(expected, name);
        decision.Reason.ShouldBe(reason, name);
        decision.Step.ShouldBe(expected - capacity);
    }

    [Theory]
    [InlineData("×1.05 at 96 % of 20: 21", 20, 96.0, 0.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("×1.05 at 98.9 % of 20: 21", 20, 98.9, 0.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("×1.1 at 97 % of 20: 22", 20, 97.0, null, 1.1, 22, ScaleOutRule.SizedScaleOut)]
    [InlineData("×1.5 at 96 % of 20: the full step (29 > 25)", 20, 96.0, 0.0, 1.5, 25, ScaleOutRule.ScaleOut)]
    [InlineData("saturated at 99 %: the full step", 20, 99.0, 0.0, 1.05, 25, ScaleOutRule.ScaleOut)]
    [InlineData("saturated at 100 %: the full step", 20, 100.0, 0.0, 1.05, 25, ScaleOutRule.ScaleOut)]
    [InlineData("queue: the full step", 20, 96.0, 0.1, 1.05, 25, ScaleOutRule.ScaleOut)]
    [InlineData("no CPU: the full step", 20, null, 0.0, 1.05, 25, ScaleOutRule.ScaleOut)]
    [InlineData("never less than the minimum step", 20, 50.0, 0.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("a multiplier below 1 is not headroom: the full step", 20, 96.0, 0.0, 0.9, 25, ScaleOutRule.ScaleOut)]
    public void SizeToDemand_Case_GivesTarget(string name, int capacity, double? cpu, double? queue, double multiplier, int expected, string reason)
    {
        var full = ScaleOutRule.Compute(capacity, 30, ScaleInPolicy.Default);

        ShouldBeSized(ScaleOutRule.SizeToDemand(full, cpu, queue, multiplier, ScaleInPolicy.Default), full, expected, reason, name);
    }

    [Theory]
    [InlineData("16 of 20 serve at 96 %: 15.36 busy ×1.25 need 20, ordered", 16, 96.0, 1.25, 20, ScaleOutRule.OrderCovers)]
    [InlineData("16 of 20 serve at 96 %: 15.36 busy ×1.4 need 22", 16, 96.0, 1.4, 22, ScaleOutRule.SizedScaleOut)]
    [InlineData("all 20 serve: the capacity is what serves", 20, 96.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("more reported than the capacity: the capacity", 24, 96.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("none reported: the capacity", 0, 96.0, 1.05, 21, ScaleOutRule.SizedScaleOut)]
    [InlineData("saturated while instances start: the full step", 16, 99.5, 1.25, 25, ScaleOutRule.ScaleOut)]
    public void SizeToDemand_WhileOrderedInstancesStart_ReadsTheCpuOverThoseServing(string name, int serving, double cpu, double multiplier, int expected, string reason)
    {
        // The plan CPU is the mean over the instances that report it; the capacity (20) counts the ones still starting.
        var full = ScaleOutRule.Compute(20, 30, ScaleInPolicy.Default);

        var sized = ScaleOutRule.SizeToDemand(full, cpu, 0, multiplier, ScaleInPolicy.Default, serving);

        sized.ToCapacity.ShouldBe(expected, name);
        sized.Reason.ShouldBe(reason, name);
        if (reason == ScaleOutRule.OrderCovers)
        {
            sized.Step.ShouldBe(0);
            sized.Message.ShouldContain("4 still starting");
        }
    }

    [Fact]
    public void SizeToDemand_AtTheCap_NothingToSize()
    {
        var full = ScaleOutRule.Compute(30, 30, ScaleInPolicy.Default);

        ScaleOutRule.SizeToDemand(full, 96, 0, 1.05, ScaleInPolicy.Default).ShouldBe(full);
    }

    [Fact]
    public void SizeToDemand_LargerMinimumStep_IsKept()
    {
        var policy = ScaleInPolicy.Default with { ScaleOutMinStep = 3 };
        var full = ScaleOutRule.Compute(20, 30, policy);

        ScaleOutRule.SizeToDemand(full, 96, 0, 1.05, policy).ToCapacity.ShouldBe(23);
    }

    [Theory]
    [InlineData("asked for 40 busy: 20 grows to 40, past the full step", 20, 40.0, 40, ScaleOutRule.AskedScaleOut)]
    [InlineData("asked for 30.2 busy: 31", 20, 30.2, 31, ScaleOutRule.AskedScaleOut)]
    [InlineData("asked for 60 busy: capped at the plan's 50", 20, 60.0, 50, ScaleOutRule.AskedScaleOut)]
    [InlineData("asked for less than the full step: the full step", 20, 23.0, 25, ScaleOutRule.ScaleOut)]
    [InlineData("asked exactly the full step: the full step", 20, 25.0, 25, ScaleOutRule.ScaleOut)]
    [InlineData("nothing asked: the full step", 20, null, 25, ScaleOutRule.ScaleOut)]
    [InlineData("asked is not a number: the full step", 20, double.NaN, 25, ScaleOutRule.ScaleOut)]
    [InlineData("asked is infinite: the full step", 20, double.PositiveInfinity, 25, ScaleOutRule.ScaleOut)]
    public void SizeToAsked_Case_GivesTarget(string name, int capacity, double? asked, int expected, string reason)
    {
        var policy = ScaleInPolicy.Default with { Max = 50 };
        var full = ScaleOutRule.Compute(capacity, 50, policy);

        ShouldBeSized(ScaleOutRule.SizeToAsked(full, asked), full, expected, reason, name);
    }

    [Theory]
    [InlineData("asked for 30.2 busy with ×1.2: ⌈36.24⌉", 30.2, 1.2, 37)]
    [InlineData("asked for 20 busy with ×1.25: exactly 25, the full step", 20.0, 1.25, 25)]
    [InlineData("asked for 40 busy with ×1.5: capped at the plan's 50", 40.0, 1.5, 50)]
    [InlineData("a multiplier below 1 adds no headroom and takes none: 31", 30.2, 0.8, 31)]
    [InlineData("a multiplier that is not a number: what was asked, 31", 30.2, double.NaN, 31)]
    public void SizeToAsked_WithTheLearnedHeadroom_GrowsToWhatWasAskedTimesIt(string name, double asked, double multiplier, int expected)
    {
        var policy = ScaleInPolicy.Default with { Max = 50 };
        var full = ScaleOutRule.Compute(20, 50, policy);

        var sized = ScaleOutRule.SizeToAsked(full, asked, multiplier);

        sized.ToCapacity.ShouldBe(expected, name);
    }

    [Fact]
    public void SizeToAsked_WithTheLearnedHeadroom_TheMessageSaysWhatItAddsToWhatWasAsked()
    {
        var full = ScaleOutRule.Compute(20, 50, ScaleInPolicy.Default with { Max = 50 });

        var sized = ScaleOutRule.SizeToAsked(full, 30.2, 1.2);

        sized.Reason.ShouldBe(ScaleOutRule.AskedScaleOut);
        sized.Message.ShouldContain("it asked for 30.2 busy instance(s), 37 with the learned headroom ×1.2");
    }

    [Fact]
    public void SizeToAsked_AtTheCap_NothingToSize()
    {
        var full = ScaleOutRule.Compute(30, 30, ScaleInPolicy.Default);

        ScaleOutRule.SizeToAsked(full, 45).ShouldBe(full);
    }

    [Fact]
    public void SizeToAsked_Capped_TheMessageSaysWhatWasAskedAndTheCap()
    {
        var full = ScaleOutRule.Compute(20, 30, ScaleInPolicy.Default);

        var sized = ScaleOutRule.SizeToAsked(full, 41.5);

        sized.ToCapacity.ShouldBe(30);
        sized.Message.ShouldContain("asked for 41.5 busy instance(s), capped at 30");
        sized.Message.ShouldContain("more than the full step to 25");
    }

    /// <summary>A sized step keeps the full step's start and cap and has the expected target and reason.</summary>
    private static void ShouldBeSized(ScaleOutDecision sized, ScaleOutDecision full, int expected, string reason, string name)
    {
        sized.ToCapacity.ShouldBe(expected, name);
        sized.Reason.ShouldBe(reason, name);
        sized.FromCapacity.ShouldBe(full.FromCapacity, name);
        sized.Cap.ShouldBe(full.Cap, name);
    }
}
