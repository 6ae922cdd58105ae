using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class UpgradeUndoTests
{
    private static readonly DateTimeOffset Before = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Swapped = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, SiteChanges, UndoStep[], bool> Cases => new()
    {
        { "nothing sent", SiteChanges.None, [], false },
        { "stale preview reset only", SiteChanges.None.WithStalePreviewReset(), [], true },
        { "preview applied", SiteChanges.None.WithPreview(), [UndoStep.ResetPreview], true },
        { "routing call failed", SiteChanges.None.WithPreview().WithRouting(10), [UndoStep.RoutingOff, UndoStep.ResetPreview], true },
        { "routing confirmed off", SiteChanges.None.WithPreview().WithRouting(10).RoutedAt(0), [UndoStep.ResetPreview], true },
        { "swap sent, outcome unknown", SiteChanges.None.WithPreview().WithSwapSent(Before), [UndoStep.CheckSwapLanded, UndoStep.SwapBack], true },
        { "swap landed", SiteChanges.None.WithPreview().WithSwapSent(Before).WithSwapLanded(Swapped), [UndoStep.SwapBack], true },
        { "swap did not land", SiteChanges.None.WithPreview().WithSwapSent(Before).WithSwapNotLanded(), [UndoStep.ResetPreview], true },
        { "swapped back", SiteChanges.None.WithPreview().WithSwapSent(Before).WithSwapLanded(Swapped).WithSwappedBack(), [], true },
        { "canary routing then swap pending", SiteChanges.None.WithPreview().WithRouting(50).WithSwapSent(Before), [UndoStep.RoutingOff, UndoStep.CheckSwapLanded, UndoStep.SwapBack], true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_Changes_StepsThatUndoThemInOrder(string name, SiteChanges changes, UndoStep[] expected, bool written)
    {
        UpgradeUndo.Plan(changes).ShouldBe(expected, name);
        changes.Written.ShouldBe(written, name);
    }

    [Fact]
    public void WithSwapLanded_AfterTheSwapIsSent_ConsumesThePreviewAndKeepsWhenItLanded()
    {
        var changes = SiteChanges.None.WithPreview().WithSwapSent(Before).WithSwapLanded(Swapped);

        changes.PreviewApplied.ShouldBeFalse();
        changes.SwappedAt.ShouldBe(Swapped);
        changes.LastSwapBefore.ShouldBe(Before);
        UpgradeUndo.Next(changes).ShouldBe(UndoStep.SwapBack);
    }

    [Fact]
    public void WithRouting_LowerShareWhileAHigherMayBeInForce_KeepsTheHigher()
    {
        var changes = SiteChanges.None.WithRouting(50).WithRouting(10);

        changes.Routing.ShouldBe(50);
    }
}
