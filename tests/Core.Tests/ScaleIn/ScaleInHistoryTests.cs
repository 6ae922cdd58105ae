using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleInHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, CapacityChange[], int[]> RecentCases => new()
    {
        { "no history", [], [] },
        { "one step of two", [Change(-10, CapacityChangeKind.ScaleIn, 5, 3)], [2] },
        { "outside the period", [Change(-61, CapacityChangeKind.ScaleIn, 5, 4)], [] },
        { "at the period's edge", [Change(-60, CapacityChangeKind.ScaleIn, 5, 4)], [] },
        { "scale-outs and reverts are not steps", [Change(-5, CapacityChangeKind.ScaleOut, 3, 5), Change(-4, CapacityChangeKind.Revert, 4, 5), Change(-3, CapacityChangeKind.Manual, 5, 2)], [] },
        { "in time order", [Change(-5, CapacityChangeKind.ScaleIn, 4, 3), Change(-20, CapacityChangeKind.ScaleIn, 6, 4)], [2, 1] },
        { "a step that added is counted as none", [Change(-5, CapacityChangeKind.ScaleIn, 3, 4)], [0] },
    };

    [Theory]
    [MemberData(nameof(RecentCases))]
    public void RecentScaleIns_Changes_StepsWithinThePeriodInOrder(string name, CapacityChange[] changes, int[] expected)
    {
        var recent = ScaleInHistory.RecentScaleIns(changes, Now, TimeSpan.FromHours(1));

        recent.Select(r => r.Instances).ShouldBe(expected, name);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(-30, null, -30)]
    [InlineData(null, -5, -5)]
    [InlineData(-3, -5, -3)]
    [InlineData(-30, -5, -5)]
    public void LastChangeAt_RecordedAndObserved_TheLater(int? recordedMinutes, int? observedMinutes, int? expectedMinutes)
    {
        CapacityChange[] changes = recordedMinutes is { } r ? [Change(r, CapacityChangeKind.ScaleOut, 2, 3)] : [];

        var last = ScaleInHistory.LastChangeAt(changes, observedMinutes is { } o ? Now.AddMinutes(o) : null);

        last.ShouldBe(expectedMinutes is { } e ? Now.AddMinutes(e) : null);
    }

    public static TheoryData<string, int, InstanceReport[], string[]> UnhealthyCases => new()
    {
        { "all reporting", 2, [new("a", true, false), new("b", true, false)], [] },
        { "one silent while counted", 2, [new("a", true, false), new("b", true, true)], ["b"] },
        { "silent one removed by a scale-in", 1, [new("a", true, false), new("b", true, true)], [] },
        { "never reported is not judged", 2, [new("a", true, false), new("b", false, false)], [] },
        { "two silent, one still counted", 2, [new("a", true, false), new("b", true, true), new("c", true, true)], ["b"] },
    };

    [Theory]
    [MemberData(nameof(UnhealthyCases))]
    public void UnhealthyInstances_Reports_OnlySilentInstancesThePlanStillCounts(string name, int capacity, InstanceReport[] instances, string[] expected)
    {
        ScaleInHistory.UnhealthyInstances(capacity, instances).ShouldBe(expected, name);
    }

    private static CapacityChange Change(int minutes, CapacityChangeKind kind, int from, int to) => new(Now.AddMinutes(minutes), kind, from, to);
}
