using Microsoft.DurableTask.Client;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Tests;

/// <summary>The upgrade resource shows the bounded status while running and the full record once finished.</summary>
public sealed class UpgradeViewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_FinishedWithRecord_ShowsEveryVerdictOfTheRecord()
    {
        var full = Status(verdicts: 30);
        var metadata = Finished(UpgradeStatusBudget.Fit(full));

        var view = UpgradeView.From(metadata, "https://host/api/upgrades/x", full);

        view.Verdicts.Count.ShouldBe(30);
        view.VerdictCount.ShouldBe(30);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted));
    }

    [Fact]
    public void From_FinishedWithoutRecord_ShowsTheBoundedStatusAndTheTrueCounts()
    {
        var metadata = Finished(UpgradeStatusBudget.Fit(Status(verdicts: 30)));

        var view = UpgradeView.From(metadata, "https://host/api/upgrades/x");

        view.Verdicts.Count.ShouldBe(UpgradeStatusBudget.RecentVerdicts);
        view.VerdictCount.ShouldBe(30);
    }

    private static OrchestrationMetadata Finished(UpgradeStatus status) => new("UpgradeOrchestrator", "x")
    {
        RuntimeStatus = OrchestrationRuntimeStatus.Completed,
        DataConverter = WorkflowJson.DataConverter,
        SerializedOutput = WorkflowJson.Serialize(new UpgradeResult(UpgradeOutcome.Promoted, "serving", status, At)),
        CreatedAt = At,
        LastUpdatedAt = At,
    };

    private static UpgradeStatus Status(int verdicts)
    {
        var list = Enumerable.Range(0, verdicts).Select(i => new VerdictRecord(At.AddMinutes(i), UpgradePhases.Guarding, VerdictGate.Guard, VerdictOutcome.Pass, "fine")).ToList();
        return new UpgradeStatus("site", "v2", UpgradePhases.Done, "Promoted", list[^1], 0, UpgradeOutcome.Promoted, "serving", [], list, 0, verdicts);
    }
}
