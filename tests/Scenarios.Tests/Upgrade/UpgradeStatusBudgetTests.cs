using Seamless.Core.Upgrade;
using System.Text;
using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;
using Xunit.Abstractions;

namespace Seamless.Scenarios.Tests.Upgrade;

/// <summary>
/// The custom status bound (issue #12 item 4) on both engines. A day-long guard window at a one-minute interval
/// cannot run on wall-clock time; the same pressure comes from a guard window of 300 intervals of 30 ms, each
/// judgement a verdict with the judge's full per-metric detail. The published status must stay under Durable's
/// 16 KB however many verdicts pile up, while its counts and the saved upgrade record keep all of them. The window
/// is orchestration time, so the judgements number the window over (interval + one timer and one activity round
/// trip): about 110 per engine on this machine, not 300; the test asserts the full count, whatever it is, is kept.
/// </summary>
public abstract class UpgradeStatusBudgetTests(EngineKind engineKind, ITestOutputHelper output)
{
    private const int GuardIntervals = 300;
    private const int DurableCustomStatusLimit = 16 * 1024;
    private static readonly TimeSpan GuardInterval = TimeSpan.FromMilliseconds(30);

    [Fact]
    public async Task CustomStatus_GuardWindowOfThreeHundredIntervals_StaysUnder16KbWhileTheRecordKeepsEveryVerdict()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade() with { GuardInterval = GuardInterval, GuardWindow = GuardInterval * GuardIntervals });
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        var published = new List<(int Bytes, UpgradeStatus Status)>();

        // Act: sample the published status until the outcome is in it, then read the end state.
        await engine.StartAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId);
        await engine.WaitForStatusAsync<UpgradeStatus>(instanceId, s => s.Outcome is not null, observe: m =>
        {
            if (m.SerializedCustomStatus is { } json)
            {
                published.Add((Encoding.UTF8.GetByteCount(json), WorkflowJson.Deserialize<UpgradeStatus>(json)!));
            }
        });
        var metadata = await engine.WaitForCompletionAsync(instanceId);
        var result = metadata.ShouldHaveCompletedWith<UpgradeResult>();
        var final = WorkflowJson.Deserialize<UpgradeStatus>(metadata.SerializedCustomStatus).ShouldNotBeNull();
        var record = await world.UpgradeRecordAsync(instanceId);
        int guardVerdicts = record.Verdicts.Count(v => v.Gate == VerdictGate.Guard);
        output.WriteLine(
            $"{engineKind}: {guardVerdicts} guard judgements, {record.Verdicts.Count} verdicts, {record.Timeline.Count} timeline entries; " +
            $"record {Encoding.UTF8.GetByteCount(WorkflowJson.Serialize(record)!)} B; status max {published.Max(p => p.Bytes)} B over {published.Count} samples, final {Encoding.UTF8.GetByteCount(metadata.SerializedCustomStatus!)} B");

        // Assert: the outcome, and the bound while running and at the end.
        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        published.ShouldAllBe(p => p.Bytes < DurableCustomStatusLimit);
        published.ShouldContain(p => p.Status.Phase == UpgradePhases.Guarding && p.Status.VerdictCount > UpgradeStatusBudget.RecentVerdicts);
        Encoding.UTF8.GetByteCount(metadata.SerializedCustomStatus!).ShouldBeLessThan(DurableCustomStatusLimit);
        final.Verdicts.Count.ShouldBeLessThanOrEqualTo(UpgradeStatusBudget.RecentVerdicts);

        // Assert: the counts are the full numbers and the record holds every verdict with its detail.
        final.VerdictCount.ShouldBe(record.Verdicts.Count);
        final.TimelineCount.ShouldBe(record.Timeline.Count);
        result.Status.VerdictCount.ShouldBe(record.Verdicts.Count);
        guardVerdicts.ShouldBeGreaterThan(UpgradeStatusBudget.RecentVerdicts * 2);
        record.Verdicts.Where(v => v.Gate == VerdictGate.Guard).ShouldAllBe(v => v.Detail != null && v.Outcome == VerdictOutcome.Pass);
        Encoding.UTF8.GetByteCount(WorkflowJson.Serialize(record)!).ShouldBeGreaterThan(DurableCustomStatusLimit, "the unbounded history must not fit, or the bound proved nothing");
    }
}

/// <summary>The custom status bound on the embedded engine.</summary>
public sealed class UpgradeStatusBudgetOnEmbeddedEngineTests(ITestOutputHelper output) : UpgradeStatusBudgetTests(EngineKind.Embedded, output);

/// <summary>The custom status bound on the Durable Task SDK worker (DTFx executor, in process).</summary>
public sealed class UpgradeStatusBudgetOnSdkEngineTests(ITestOutputHelper output) : UpgradeStatusBudgetTests(EngineKind.Sdk, output);
