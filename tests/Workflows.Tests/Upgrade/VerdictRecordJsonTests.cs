using System.Text.Json;
using Seamless.Core.Canary;
using Seamless.Core.Model;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>
/// Typed verdicts keep the wire: a verdict serialises exactly as the record with string gate, string outcome and
/// object detail did, and JSON written by that record (custom status, histories of releases in flight, upgrade
/// records) reads back into the typed record.
/// </summary>
public sealed class VerdictRecordJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly double[] Baseline = [100, 102, 98, 101, 99];

    private static readonly CanaryVerdict Judged = CanaryJudge.Evaluate(CanaryJudgeConfig.Default, new CanaryObservations(new Dictionary<string, MetricSamples>
    {
        [CanaryJudgeConfig.Http5xxRateMetric] = new([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
        [CanaryJudgeConfig.HttpResponseTimeMetric] = new(Baseline, Baseline),
    }));

    private static readonly ConfigDiffReport Diff = ConfigDiff.Compare(["A", "S"], ["A", "B"], new SlotConfigNames(["S"], []), ConfigDiffPolicy.Blocking);

    private static readonly BuildIdentityVerdict Build = new(BuildIdentityOutcome.Proceed, "v2 on staging", "v2", new ObservedBuild("staging", "v2"), new ObservedBuild("production", "v1"));

    public static TheoryData<string, VerdictRecord, LegacyVerdictRecord> Verdicts => new()
    {
        {
            "canary step with the judge's verdict",
            new VerdictRecord(At, UpgradePhases.Canary, VerdictGate.Canary(10), VerdictOutcome.Pass, Judged.Message, Judged.Score, new VerdictDetail(Judged)),
            new LegacyVerdictRecord(At, UpgradePhases.Canary, "canary 10 %", "Pass", Judged.Message, Judged.Score, Judged)
        },
        {
            "configuration diff",
            new VerdictRecord(At, UpgradePhases.ConfigDiff, VerdictGate.ConfigDiff, VerdictOutcome.Block, Diff.Message, Detail: new VerdictDetail(Diff)),
            new LegacyVerdictRecord(At, UpgradePhases.ConfigDiff, "config-diff", "Block", Diff.Message, Detail: Diff)
        },
        {
            "build identity",
            new VerdictRecord(At, UpgradePhases.Validating, VerdictGate.Build, VerdictOutcome.Pass, Build.Message, Detail: new VerdictDetail(Build)),
            new LegacyVerdictRecord(At, UpgradePhases.Validating, "build", "Pass", Build.Message, Detail: Build)
        },
        {
            "approval, no detail",
            new VerdictRecord(At, UpgradePhases.Approval, VerdictGate.Approval, VerdictOutcome.Fail, "no approval within 01:00:00"),
            new LegacyVerdictRecord(At, UpgradePhases.Approval, "approval", "Fail", "no approval within 01:00:00")
        },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Serialize_TypedVerdict_WritesTheJsonOfTheStringRecord(string name, VerdictRecord typed, LegacyVerdictRecord legacy)
    {
        string json = WorkflowJson.Serialize(typed)!;

        json.ShouldBe(WorkflowJson.Serialize(legacy), name);
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Deserialize_JsonOfTheStringRecord_ReadsTheTypedVerdict(string name, VerdictRecord typed, LegacyVerdictRecord legacy)
    {
        string old = WorkflowJson.Serialize(legacy)!;

        var back = WorkflowJson.Deserialize<VerdictRecord>(old).ShouldNotBeNull(name);

        back.Gate.ShouldBe(typed.Gate, name);
        back.Outcome.ShouldBe(typed.Outcome, name);
        (back.Detail?.Canary is null).ShouldBe(typed.Detail?.Canary is null, name);
        (back.Detail?.ConfigDiff is null).ShouldBe(typed.Detail?.ConfigDiff is null, name);
        (back.Detail?.Build is null).ShouldBe(typed.Detail?.Build is null, name);
        WorkflowJson.Serialize(back).ShouldBe(old, name);
    }

    [Fact]
    public void Deserialize_StatusOfAReleaseInFlight_ReadsTheTypedVerdicts()
    {
        var legacy = Verdicts.Select(row => (LegacyVerdictRecord)row[2]).ToList();
        string old = WorkflowJson.Serialize(new { siteId = "site", version = "v2", phase = UpgradePhases.Canary, step = "10 %", latestVerdict = legacy[0], routingPercentage = 10, timeline = Array.Empty<TimelineEntry>(), verdicts = legacy })!;

        var status = WorkflowJson.Deserialize<UpgradeStatus>(old).ShouldNotBeNull();

        status.LatestVerdict.ShouldNotBeNull().Gate.ShouldBe(VerdictGate.Canary(10));
        status.LatestVerdict.Detail.ShouldNotBeNull().Canary.ShouldNotBeNull().Metrics.Count.ShouldBe(Judged.Metrics.Count);
        status.Verdicts.Select(v => v.Outcome).ShouldBe([VerdictOutcome.Pass, VerdictOutcome.Block, VerdictOutcome.Pass, VerdictOutcome.Fail]);
    }

    [Fact]
    public void Timeline_TypedChangesAndEntriesWrittenBeforeThem_RoundTrip()
    {
        TimelineEntry[] timeline =
        [
            new(At, UpgradePhases.Canary, "routing 2.5 % of production traffic to staging", TimelineChange.Routing(2.5)),
            new(At, UpgradePhases.Swapping, "swapped staging into production", TimelineChange.Swap),
            new(At, UpgradePhases.Guarding, "guard: Pass — healthy"),
        ];
        string json = WorkflowJson.Serialize(timeline)!;
        string older = WorkflowJson.Serialize(new[] { new { at = At, phase = UpgradePhases.Swapping, message = "swapped staging into production" } })!;

        WorkflowJson.Deserialize<TimelineEntry[]>(json).ShouldBe(timeline);
        json.ShouldContain("\"kind\":\"Routing\",\"routingPercentage\":2.5");
        WorkflowJson.Deserialize<TimelineEntry[]>(older).ShouldHaveSingleItem().Change.ShouldBeNull();
    }

    /// <summary>The verdict record as it was before it was typed: the wire this test holds the typed record to.</summary>
    public sealed record LegacyVerdictRecord(DateTimeOffset At, string Phase, string Gate, string Outcome, string Message, double? Score = null, object? Detail = null);
}
