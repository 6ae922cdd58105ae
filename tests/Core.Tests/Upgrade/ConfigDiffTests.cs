using Seamless.Core.Model;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class ConfigDiffTests
{
    private static readonly SlotConfigNames Sticky = new(["SLOT_NAME", "FEATURE_FLAGS_ENV"], ["Db"]);

    public static TheoryData<string, string[], string[], bool, ConfigDiffOutcome, ConfigDiffReason> Cases => new()
    {
        { "same names", ["A", "B", "SLOT_NAME"], ["A", "B", "SLOT_NAME"], false, ConfigDiffOutcome.Ok, ConfigDiffReason.Identical },
        { "names differ only in case", ["a", "b"], ["A", "B"], false, ConfigDiffOutcome.Ok, ConfigDiffReason.Identical },
        { "new setting in source", ["A", "B", "NEW"], ["A", "B"], false, ConfigDiffOutcome.Ok, ConfigDiffReason.CompatibleDifferences },
        { "sticky only in target: applied by phase 1", ["A"], ["A", "SLOT_NAME"], true, ConfigDiffOutcome.Ok, ConfigDiffReason.CompatibleDifferences },
        { "sticky missing in target, warn", ["A", "SLOT_NAME"], ["A"], false, ConfigDiffOutcome.Warn, ConfigDiffReason.StickyMissingInTarget },
        { "sticky missing in target, block", ["A", "SLOT_NAME"], ["A"], true, ConfigDiffOutcome.Block, ConfigDiffReason.StickyMissingInTarget },
        { "sticky connection string missing in target", ["A", "Db"], ["A"], true, ConfigDiffOutcome.Block, ConfigDiffReason.StickyMissingInTarget },
        { "swap removes a setting, warn", ["A"], ["A", "OLD"], false, ConfigDiffOutcome.Warn, ConfigDiffReason.SettingsRemovedBySwap },
        { "swap removes a setting, block", ["A"], ["A", "OLD"], true, ConfigDiffOutcome.Block, ConfigDiffReason.SettingsRemovedBySwap },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_Names_GetOutcomeAndReason(string name, string[] source, string[] target, bool blocks, ConfigDiffOutcome outcome, ConfigDiffReason reason)
    {
        var report = ConfigDiff.Compare(source, target, Sticky, ConfigDiffPolicy.FromBlocks(blocks));

        report.Outcome.ShouldBe(outcome, name);
        report.Reason.ShouldBe(reason, name);
    }

    [Fact]
    public void Compare_Differences_AreListedByCategoryAndSorted()
    {
        var report = ConfigDiff.Compare(["Z_NEW", "A_NEW", "SLOT_NAME", "KEEP"], ["KEEP", "OLD", "FEATURE_FLAGS_ENV"], Sticky);

        report.OnlyInSource.ShouldBe(["A_NEW", "SLOT_NAME", "Z_NEW"]);
        report.OnlyInTarget.ShouldBe(["FEATURE_FLAGS_ENV", "OLD"]);
        report.StickyMissingInSource.ShouldBe(["FEATURE_FLAGS_ENV"]);
        report.StickyMissingInTarget.ShouldBe(["SLOT_NAME"]);
        report.RemovedBySwap.ShouldBe(["OLD"]);
        report.Message.ShouldContain("SLOT_NAME");
        report.Message.ShouldContain("OLD");
    }

    [Fact]
    public void Compare_OnlyOneFindingBlocks_BlocksWithThatReason()
    {
        var policy = new ConfigDiffPolicy(BlockOnMissingSticky: false, BlockOnRemovedSettings: true);

        var report = ConfigDiff.Compare(["A", "SLOT_NAME"], ["OLD"], Sticky, policy);

        report.Outcome.ShouldBe(ConfigDiffOutcome.Block);
        report.Reason.ShouldBe(ConfigDiffReason.SettingsRemovedBySwap);
    }
}
