using System.Text;
using Microsoft.DurableTask;
using Seamless.Core.Model;
using Seamless.Core.Upgrade;
using Seamless.Workflows;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>
/// The upgrade orchestrator on a scripted <c>TaskOrchestrationContext</c>: what it does when something
/// other than an activity fails, how big its custom status gets over a day-long guard window, and
/// that early timers do not shorten the guard window. Milliseconds per test, no engine.
/// </summary>
public sealed class UpgradeRunScriptedTests
{
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app";
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>The activities that write to the site (anything else reads, or writes Seamless's own state).</summary>
    private static readonly string[] SiteWrites = [ActivityNames.ApplySlotConfig, ActivityNames.ResetSlotConfig, ActivityNames.SetRouting, ActivityNames.SwapSlots];

    [Fact]
    public async Task RunAsync_NonActivityExceptionBeforeTheSwap_RestoresTheSiteAndReleasesTheLease()
    {
        var azure = new ScriptedAzure { FailBaseline = new InvalidOperationException("metrics payload could not be read") };
        var context = new ScriptedOrchestrationContext("upgrade-1", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        result.Reason.ShouldContain("InvalidOperationException");
        var calls = context.Calls.Select(c => c.Name).ToList();
        calls.ShouldNotContain(ActivityNames.SwapSlots);
        calls.ShouldContain(ActivityNames.ResetSlotConfig);
        calls.IndexOf(ActivityNames.ReleasePlanLease).ShouldBeGreaterThan(calls.IndexOf(ActivityNames.ResetSlotConfig));
        calls.ShouldContain(ActivityNames.ReleaseSiteLock);
    }

    [Fact]
    public async Task RunAsync_DayLongGuardWindowAtOneMinute_StatusStaysUnder16KbAndTheRecordKeepsEveryVerdict()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-2", Start, azure.Answer);
        var policy = Policy() with { GuardWindow = TimeSpan.FromHours(24), GuardInterval = TimeSpan.FromMinutes(1) };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        int largest = context.Statuses.Max(s => Encoding.UTF8.GetByteCount(s));
        largest.ShouldBeLessThan(16 * 1024);
        result.Status.VerdictCount.ShouldBeGreaterThanOrEqualTo(24 * 60);
        result.Status.Verdicts.Count.ShouldBeLessThanOrEqualTo(UpgradeStatusBudget.RecentVerdicts);
        var record = (UpgradeStatus)context.Calls.Single(c => c.Name == ActivityNames.SaveUpgradeRecord).Input.ShouldBeOfType<UpgradeRecordUpdate>().Record;
        record.Verdicts.Count(v => v.Gate == VerdictGate.Guard).ShouldBe(24 * 60);

        // The guard reads what is new (and two minutes again), so the history grows with the window, not its square.
        double minutesRead = azure.GuardReads.Sum(r => (r.To - r.From).TotalMinutes);
        minutesRead.ShouldBeLessThan(4 * 24 * 60);
    }

    [Fact]
    public async Task RunAsync_TimersFireASecondEarly_GuardWindowIsNotShortened()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-3", Start, azure.Answer) { EarlyFire = TimeSpan.FromSeconds(1) };
        var policy = Policy() with { GuardWindow = TimeSpan.FromMinutes(10), GuardInterval = TimeSpan.FromMinutes(2) };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        // The guard's reads, together, cover the whole window from the swap.
        var guardReads = azure.GuardReads;
        (guardReads[^1].To - guardReads[0].From).ShouldBeGreaterThanOrEqualTo(policy.GuardWindow);
        guardReads.Count.ShouldBe(5);
    }

    public static TheoryData<string, string, string> FailuresBeforeAnyWrite => new()
    {
        { "misspelled source slot", "getSite stagign", "Validating/slot 'stagign' failed before anything was changed on the site: Azure returned 404 ResourceNotFound" },
        { "plan unreadable", "getPlan", "Validating/plan tier failed before anything was changed on the site: Azure returned 403 AuthorizationFailed" },
        { "settings unreadable after the lease", "getAppSettingNames", "ConfigDiff/compare failed before anything was changed on the site: Azure returned 403 AuthorizationFailed" },
    };

    [Theory]
    [MemberData(nameof(FailuresBeforeAnyWrite))]
    public async Task RunAsync_StepFailsBeforeAnyWriteToTheSite_RejectedWithTheReasonNotRolledBack(string name, string fault, string reason)
    {
        var azure = new ScriptedAzure { Fault = fault };
        var context = new ScriptedOrchestrationContext("upgrade-4", Start, azure.Answer);
        var input = Input(Policy()) with { SourceSlot = fault == "getSite stagign" ? "stagign" : "staging" };

        var result = await new UpgradeOrchestrator().RunAsync(context, input);

        result.Outcome.ShouldBe(UpgradeOutcome.Rejected, name);
        result.Reason.ShouldStartWith(reason, Case.Sensitive, name);
        context.Calls.Select(c => c.Name).Intersect(SiteWrites).ShouldBeEmpty(name);
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.ReleaseSiteLock, name);
        FullRecord(context).Verdicts.ShouldContain(v => v.Outcome == VerdictOutcome.Fail && v.Message == result.Reason, name);
        FullRecord(context).Timeline.ShouldNotContain(e => e.Phase == UpgradePhases.RollingBack, name);
    }

    [Theory]
    [InlineData("not in the allow-list", "refuse", "not in the managed allow-list")]
    [InlineData("plan tier without slots", "basic plan", "plan tier Basic has no deployment slots")]
    public async Task RunAsync_ValidationRefuses_RejectedWithoutAnyWrite(string name, string fault, string reason)
    {
        var azure = new ScriptedAzure { Fault = fault };
        var context = new ScriptedOrchestrationContext("upgrade-5", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.Rejected, name);
        result.Reason.ShouldContain(reason, Case.Sensitive, name);
        context.Calls.Select(c => c.Name).Intersect(SiteWrites).ShouldBeEmpty(name);
        FullRecord(context).Verdicts.ShouldContain(v => v.Gate == VerdictGate.Validation && v.Outcome == VerdictOutcome.Fail, name);
    }

    [Fact]
    public async Task RunAsync_RequestedBuildAlreadyInProduction_AlreadyServingWithoutAnyWriteOrLease()
    {
        var azure = new ScriptedAzure { ProductionBuild = "v2", StagingBuild = "v1" };
        var context = new ScriptedOrchestrationContext("upgrade-same", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.AlreadyServing, result.Reason);
        result.Reason.ShouldContain("production already runs v2");
        var calls = context.Calls.Select(c => c.Name).ToList();
        calls.ShouldNotContain(n => SiteWrites.Contains(n));
        calls.ShouldNotContain(ActivityNames.AcquirePlanLease);
        calls.ShouldContain(ActivityNames.ReleaseSiteLock);
        result.Status.Build.ShouldNotBeNull().Outcome.ShouldBe(BuildIdentityOutcome.AlreadyServing);
    }

    public static TheoryData<string, string?, IReadOnlyList<string>, string[]> IdentityRefusals => new()
    {
        { "other build in staging", "v3", [], ["staging runs v3, not the requested v2"] },
        { "setting not set", null, [], ["could not be identified", "SEAMLESS_BUILD_VERSION is not set", "requested v2"] },
        { "setting is sticky", "v2", ["SEAMLESS_BUILD_VERSION"], ["is a slot setting"] },
    };

    [Theory]
    [MemberData(nameof(IdentityRefusals))]
    public async Task RunAsync_StagingDoesNotHoldTheRequestedBuild_RejectedNamingWhatWasObservedWithoutAnyWrite(string name, string? staging, IReadOnlyList<string> sticky, string[] reason)
    {
        var azure = new ScriptedAzure { StagingBuild = staging, Sticky = sticky };
        var context = new ScriptedOrchestrationContext("upgrade-" + name, Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.Rejected, name);
        foreach (string part in reason)
        {
            result.Reason.ShouldContain(part);
        }

        context.Calls.Select(c => c.Name).ShouldNotContain(n => SiteWrites.Contains(n) || n == ActivityNames.AcquirePlanLease);
        result.Status.Verdicts.ShouldContain(v => v.Gate == VerdictGate.Build && v.Outcome == VerdictOutcome.Fail);
    }

    [Fact]
    public async Task RunAsync_Promoted_ReasonNamesTheBuildProductionReportsAfterTheSwap()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-observed", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.Reason.ShouldStartWith("v2 is serving production (app setting SEAMLESS_BUILD_VERSION, read after the swap)");
        context.Calls.Count(c => c.Name == ActivityNames.ResolveBuild && ((BuildRequest)c.Input!).Slot == "production").ShouldBe(2);
        FullRecord(context).Timeline.Where(e => e.Change is not null).Select(e => e.Change).ShouldBe([TimelineChange.Swap]);
    }

    [Fact]
    public async Task RunAsync_ProductionDoesNotReportTheBuildAfterTheSwap_SwappedBack()
    {
        var azure = new ScriptedAzure { BuildStaysOnSwap = true };
        var context = new ScriptedOrchestrationContext("upgrade-stays", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        result.Reason.ShouldContain("after the swap production reports v1");
        context.Calls.Count(c => c.Name == ActivityNames.SwapSlots).ShouldBe(2);
        FullRecord(context).Timeline.Where(e => e.Change is not null).Select(e => (e.Phase, e.Change!.Kind)).ShouldBe(
        [
            (UpgradePhases.Swapping, TimelineChangeKind.Swap),
            (UpgradePhases.RollingBack, TimelineChangeKind.SwapBack),
        ]);
    }

    [Fact]
    public async Task RunAsync_BuildIdentityOff_PromotedSayingTheBuildWasNotIdentified()
    {
        var azure = new ScriptedAzure { StagingBuild = null, ProductionBuild = null };
        var context = new ScriptedOrchestrationContext("upgrade-none", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()) with { BuildIdentity = new BuildIdentityPolicy { Source = BuildIdentitySource.None } });

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.Reason.ShouldContain("it was not identified (requested as 'v2')");
        result.Reason.ShouldNotStartWith("v2");
        context.Calls.ShouldNotContain(c => c.Name == ActivityNames.ResolveBuild);
        result.Status.Verdicts.ShouldContain(v => v.Gate == VerdictGate.Build && v.Outcome == VerdictOutcome.Inconclusive);
    }

    /// <summary>
    /// Every way the release ends, each on a scripted context in milliseconds: the outcome, the reason, and the writes
    /// to the site in order (what the restore undid follows from what the release had changed).
    /// </summary>
    public static TheoryData<string> ExitPaths => [.. ExitPathCases.Keys];

    private static readonly Dictionary<string, (Func<ScriptedAzure> Azure, Func<UpgradePolicy, UpgradePolicy> Policy, Action<ScriptedOrchestrationContext>? Before, UpgradeOutcome Outcome, string Reason, string[] Writes)> ExitPathCases = new()
    {
        ["source slot stopped"] = (() => new ScriptedAzure { StagingState = "Stopped" }, p => p, null, UpgradeOutcome.Rejected, "both slots must be running (target 'production' is Running, source 'staging' is Stopped).", []),
        ["foreign preview pending"] = (() => new ScriptedAzure { PreviewPending = true }, p => p, null, UpgradeOutcome.Rejected, "a swap with preview is pending on 'staging' → 'production' and was not started by Seamless", []),
        ["recent preview of another release"] = (() => new ScriptedAzure { PreviewPending = true, Preview = new PreviewRecord(Site, "staging", "production", "upgrade:app:other", new DateTimeOffset(Start).AddMinutes(-5)) }, p => p, null, UpgradeOutcome.Rejected, "a swap with preview started by upgrade:app:other at", []),
        ["stale preview reset, then promoted"] = (() => new ScriptedAzure { PreviewPending = true, Preview = new PreviewRecord(Site, "staging", "production", "upgrade:app:old", new DateTimeOffset(Start).AddHours(-2)) }, p => p, null, UpgradeOutcome.Promoted, "v2 is serving production", [ActivityNames.ResetSlotConfig, ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots]),
        ["config diff blocks"] = (() => new ScriptedAzure { SourceSettings = [] }, p => p with { ConfigDiffBlocks = true }, null, UpgradeOutcome.Rejected, "configuration diff blocks the release", []),
        ["aborted before phase 1"] = (() => new ScriptedAzure(), p => p, c => c.Raise(WorkflowNames.AbortEvent, new AbortRequest("stop", "api")), UpgradeOutcome.Aborted, "aborted by api: stop", []),
        ["warm-up fails"] = (() => new ScriptedAzure { WarmStatus = 503 }, p => p with { Warmup = p.Warmup with { Timeout = TimeSpan.FromMinutes(1) } }, null, UpgradeOutcome.Rejected, "warm-up failed", [ActivityNames.ApplySlotConfig, ActivityNames.ResetSlotConfig]),
        ["smoke fails"] = (() => new ScriptedAzure { SmokeStatus = 500 }, p => p with { SmokePaths = ["/smoke"] }, null, UpgradeOutcome.Rejected, "smoke test failed", [ActivityNames.ApplySlotConfig, ActivityNames.ResetSlotConfig]),
        ["approval times out, policy aborts"] = (() => new ScriptedAzure(), p => p with { Approval = new ApprovalPolicy { Required = true } }, null, UpgradeOutcome.Aborted, "approval timed out after 00:30:00", [ActivityNames.ApplySlotConfig, ActivityNames.ResetSlotConfig]),
        ["approval times out, policy proceeds"] = (() => new ScriptedAzure(), p => p with { Approval = new ApprovalPolicy { Required = true, OnTimeout = ApprovalTimeoutAction.Proceed } }, null, UpgradeOutcome.Promoted, "v2 is serving production", [ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots]),
        ["production degrades after the swap"] = (() => new ScriptedAzure { DegradedAfterSwap = true }, p => p, null, UpgradeOutcome.RolledBack, "production degraded after the swap", [ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots, ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots]),
        ["swap step fails although the swap landed"] = (() => new ScriptedAzure { SwapFailsButLands = true }, p => p, null, UpgradeOutcome.RolledBack, "Swapping/swap failed", [ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots, ActivityNames.ApplySlotConfig, ActivityNames.SwapSlots]),
        ["restore fails too"] = (() => new ScriptedAzure { WarmStatus = 503, ResetFails = true }, p => p with { Warmup = p.Warmup with { Timeout = TimeSpan.FromMinutes(1) } }, null, UpgradeOutcome.Failed, "restoring the site failed too", [ActivityNames.ApplySlotConfig, ActivityNames.ResetSlotConfig]),
    };

    [Theory]
    [MemberData(nameof(ExitPaths))]
    public async Task RunAsync_ExitPath_OutcomeReasonAndTheWritesThatUndoIt(string name)
    {
        var (azure, policy, before, outcome, reason, writes) = ExitPathCases[name];
        var context = new ScriptedOrchestrationContext("upgrade-exit", Start, azure().Answer);
        before?.Invoke(context);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy(Policy())));

        result.Outcome.ShouldBe(outcome, $"{name}: {result.Reason}");
        result.Reason.ShouldContain(reason, Case.Sensitive, name);
        context.Calls.Select(c => c.Name).Where(n => SiteWrites.Contains(n)).ShouldBe(writes, name);
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.ReleaseSiteLock, name);
        if (context.Calls.Any(c => c.Name == ActivityNames.AcquirePlanLease))
        {
            context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.ReleasePlanLease, name);
        }
    }

    [Fact]
    public async Task RunAsync_FirstWriteFailsForGood_RolledBackBecauseItMayHaveLanded()
    {
        var azure = new ScriptedAzure { Fault = "applySlotConfig" };
        var context = new ScriptedOrchestrationContext("upgrade-6", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.ResetSlotConfig);
    }

    [Fact]
    public async Task RunAsync_NoProductionDataDuringTheGuardWindow_InconclusiveVerdictsAndSwappedBackPerPolicy()
    {
        var azure = new ScriptedAzure { SilentAfterSwap = true };
        var context = new ScriptedOrchestrationContext("upgrade-7", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        result.Reason.ShouldStartWith("no evidence in the guard window: swapped back per policy");
        var guard = FullRecord(context).Verdicts.Where(v => v.Gate == VerdictGate.Guard).Select(v => v.Outcome).ToList();
        guard.ShouldNotBeEmpty();
        guard.ShouldAllBe(o => o == VerdictOutcome.Inconclusive);
        context.Calls.Count(c => c.Name == ActivityNames.SwapSlots).ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_NoProductionDataAndPolicyPromotes_PromotedSayingNothingWasJudged()
    {
        var azure = new ScriptedAzure { SilentAfterSwap = true };
        var context = new ScriptedOrchestrationContext("upgrade-8", Start, azure.Answer);
        var policy = Policy() with { GuardWithoutEvidence = GuardWithoutEvidenceAction.Promote };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.Reason.ShouldStartWith("v2 is serving production (app setting SEAMLESS_BUILD_VERSION, read after the swap); no evidence in the guard window: promoted per policy");
        context.Calls.Count(c => c.Name == ActivityNames.SwapSlots).ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_EarlyGuardReadsWithoutDataThenHealthy_InconclusiveNotFailAndPromoted()
    {
        // The first read after the swap has a single minute: too few samples to judge, which is not a failure.
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-9", Start, azure.Answer);
        var policy = Policy() with { GuardWindow = TimeSpan.FromMinutes(6), GuardInterval = TimeSpan.FromMinutes(1) };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.Reason.ShouldBe("v2 is serving production (app setting SEAMLESS_BUILD_VERSION, read after the swap)");
        var guard = FullRecord(context).Verdicts.Where(v => v.Gate == VerdictGate.Guard).Select(v => v.Outcome).ToList();
        guard[0].ShouldBe(VerdictOutcome.Inconclusive);
        guard[^1].ShouldBe(VerdictOutcome.Pass);
        guard.ShouldNotContain(VerdictOutcome.Fail);
    }

    [Fact]
    public async Task RunAsync_CanaryStepWithoutData_InconclusiveAndRolledBackFailClosed()
    {
        var azure = new ScriptedAzure { SilentSource = true };
        var context = new ScriptedOrchestrationContext("upgrade-10", Start, azure.Answer);
        var policy = Policy() with { Canary = Policy().Canary with { Enabled = true, Steps = [10, 50], StepInterval = TimeSpan.FromMinutes(5) } };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        result.Reason.ShouldStartWith("canary inconclusive at 10 %");
        FullRecord(context).Verdicts.Single(v => v.Gate == VerdictGate.Canary(10)).Outcome.ShouldBe(VerdictOutcome.Inconclusive);
        FullRecord(context).Timeline.Where(e => e.Change is not null).Select(e => e.Change).ShouldBe([TimelineChange.Routing(10), TimelineChange.Routing(0)]);
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.SwapSlots);
    }

    [Fact]
    public async Task RunAsync_ApprovedWithAKey_TimelineNamesTheApproverAndTheKeyFingerprint()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-11", Start, azure.Answer);
        var policy = Policy() with { Approval = new ApprovalPolicy { Required = true } };
        context.Raise(WorkflowNames.ApproveEvent, new ApproveRequest("release-manager", "ab12cd34"));

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        FullRecord(context).Timeline.ShouldContain(e => e.Phase == UpgradePhases.Approval && e.Message == "approval: Pass — approved by release-manager with key ab12cd34");
    }

    [Fact]
    public async Task RunAsync_AbortedWithAKey_ReasonNamesWhoAndTheKeyFingerprint()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-12", Start, azure.Answer);
        context.Raise(WorkflowNames.AbortEvent, new AbortRequest("bad config", "api", "oncall", "0f1e2d3c"));

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.Aborted, result.Reason);
        result.Reason.ShouldBe("aborted by api (oncall with key 0f1e2d3c): bad config");
    }

    [Fact]
    public async Task RunAsync_NotificationOutboxUnwritable_PromotedAnywayHavingTriedStartedAndFinishedOnce()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-notify", Start, (name, input) => name == ActivityNames.EnqueueNotification
            ? throw new TaskFailedException(name, 0, new InvalidOperationException("state store unavailable"))
            : azure.Answer(name, input));

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        var events = context.Calls.Where(c => c.Name == ActivityNames.EnqueueNotification).Select(c => (Core.Notifications.NotificationEvent)c.Input!).ToList();
        events.Select(e => e.Type).ShouldBe([Core.Notifications.NotificationEventTypes.UpgradeStarted, Core.Notifications.NotificationEventTypes.UpgradeFinished]);
        events[1].Data["outcome"].ShouldBe("Promoted");
        events[1].Data["sourceBuild"].ShouldBe("v2");
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.SaveUpgradeRecord);
    }

    private static UpgradePolicy Policy() => UpgradePolicy.Default with
    {
        Warmup = new WarmupPolicy { ConsecutivePasses = 1, ProbeInterval = TimeSpan.FromSeconds(5) },
        GuardWindow = TimeSpan.FromMinutes(4),
        GuardInterval = TimeSpan.FromMinutes(2),
    };

    /// <summary>The full history the upgrade saved in its record (the result's status keeps only the recent entries).</summary>
    private static UpgradeStatus FullRecord(ScriptedOrchestrationContext context) =>
        (UpgradeStatus)context.Calls.Single(c => c.Name == ActivityNames.SaveUpgradeRecord).Input.ShouldBeOfType<UpgradeRecordUpdate>().Record;

    private static UpgradeInput Input(UpgradePolicy policy) =>
        new(Site, "staging", "production", "v2", "swap", "delivery-1", policy, new DateTimeOffset(Start));

    /// <summary>A healthy site answering every activity the upgrade calls; records metric reads.</summary>
    private sealed class ScriptedAzure
    {
        public Exception? FailBaseline { get; init; }

        /// <summary>Gets the scripted fault: "getSite {slot}", "getPlan", "getAppSettingNames", "applySlotConfig" fail; "refuse" and "basic plan" refuse.</summary>
        public string? Fault { get; init; }

        /// <summary>Gets a value indicating whether production reports no traffic once swapped (no data for the guard).</summary>
        public bool SilentAfterSwap { get; init; }

        /// <summary>Gets a value indicating whether the source slot reports no traffic (no data for the canary).</summary>
        public bool SilentSource { get; init; }

        public List<SlotMetricsRequest> MetricReads { get; } = [];

        /// <summary>Gets the metric reads made after the swap (the guard window's).</summary>
        public List<SlotMetricsRequest> GuardReads { get; } = [];

        /// <summary>Gets the build the source slot reports (null: the setting is not set).</summary>
        public string? StagingBuild { get; init; } = "v2";

        /// <summary>Gets the build production reports before the swap.</summary>
        public string? ProductionBuild { get; init; } = "v1";

        /// <summary>Gets a value indicating whether the build setting stays with the slots on swap (as a sticky setting would).</summary>
        public bool BuildStaysOnSwap { get; init; }

        /// <summary>Gets the site's sticky app setting names.</summary>
        public IReadOnlyList<string> Sticky { get; init; } = [];

        /// <summary>Gets the source slot's state.</summary>
        public string StagingState { get; init; } = "Running";

        /// <summary>Gets a value indicating whether a swap with preview is pending on the source slot.</summary>
        public bool PreviewPending { get; init; }

        /// <summary>Gets Seamless's record of that preview (null: not started by Seamless).</summary>
        public PreviewRecord? Preview { get; init; }

        /// <summary>Gets the source slot's app setting names (the target has "A").</summary>
        public IReadOnlyList<string> SourceSettings { get; init; } = ["A"];

        /// <summary>Gets the status every warm-up probe of an instance answers.</summary>
        public int WarmStatus { get; init; } = 200;

        /// <summary>Gets the status every smoke probe answers.</summary>
        public int SmokeStatus { get; init; } = 200;

        /// <summary>Gets a value indicating whether production fails a third of its requests once swapped.</summary>
        public bool DegradedAfterSwap { get; init; }

        /// <summary>Gets a value indicating whether the swap's step fails although the swap lands.</summary>
        public bool SwapFailsButLands { get; init; }

        /// <summary>Gets a value indicating whether resetting the preview fails.</summary>
        public bool ResetFails { get; init; }

        private bool Swapped { get; set; }

        private string? BuildOf(string slot) => (slot == "production") == (!Swapped || BuildStaysOnSwap) ? ProductionBuild : StagingBuild;

        public object? Answer(string name, object? input) => name switch
        {
            ActivityNames.CheckManaged => Fault == "refuse" ? $"'{Site}' is not in the managed allow-list (Seamless:Managed:Sites)." : null,
            ActivityNames.GetSite when Fault == $"getSite {((SiteRequest)input!).Slot}" => throw Failed(name, 404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/app/slots/stagign' was not found."),
            ActivityNames.GetSite => Slot(((SiteRequest)input!).Slot ?? "production"),
            ActivityNames.GetPreview => Preview,
            ActivityNames.ResetSlotConfig when ResetFails => throw Failed(name, 409, "Conflict", "Cannot reset the slot configuration."),
            ActivityNames.GetPlan when Fault == "getPlan" => throw Failed(name, 403, "AuthorizationFailed", "The client does not have authorization to read the plan."),
            ActivityNames.GetPlan => Fault == "basic plan"
                ? new PlanState(Plan, "westeurope", "B1", "Basic", 1, false, 3, "Succeeded")
                : new PlanState(Plan, "westeurope", "P1v3", "PremiumV3", 3, false, 30, "Succeeded"),
            ActivityNames.GetAppSettingNames when Fault == "getAppSettingNames" => throw Failed(name, 403, "AuthorizationFailed", "The client may not list app settings."),
            ActivityNames.ApplySlotConfig when Fault == "applySlotConfig" => throw Failed(name, 0, "OperationTimeout", "applySlotConfig did not complete."),
            ActivityNames.GetAppSettingNames => ((SiteRequest)input!).Slot == "staging" ? [.. SourceSettings] : new List<string> { "A" },
            ActivityNames.GetSlotConfigNames => new SlotConfigNames(Sticky, []),
            ActivityNames.ResolveBuild => new ObservedBuild(((BuildRequest)input!).Slot, BuildOf(((BuildRequest)input!).Slot)),
            ActivityNames.ListInstances => new List<SiteInstance> { new("i1", "READY"), new("i2", "READY") },
            ActivityNames.ProbeSlot => Probes((ProbeSlotRequest)input!),
            ActivityNames.ReadSlotMetrics => Metrics((SlotMetricsRequest)input!),
            ActivityNames.SetRouting => ((RoutingRequest)input!).Percentage,
            ActivityNames.SwapSlots => Swap(),
            _ => true,
        };

        /// <summary>An activity failed past its retries, as the engine reports it.</summary>
        private static TaskFailedException Failed(string activity, int status, string code, string message) =>
            new(activity, 0, new AzureRequestException(status, code, message, isRetryable: false));

        private static readonly SlotSwapStatus SwapLanded = new(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero), "staging", "production");

        private int _swaps;

        private SwapResult Swap()
        {
            Swapped = !Swapped;
            if (SwapFailsButLands && ++_swaps == 1)
            {
                throw Failed(ActivityNames.SwapSlots, 0, "OperationTimeout", "slotsswap did not complete.");
            }

            return new SwapResult(true, SwapLanded);
        }

        private SiteState Slot(string slot) => slot == "production"
            ? new(Site, slot, "Running", null, Swapped ? SwapLanded : null, Plan, $"app-{slot}.azurewebsites.net", [], "westeurope")
            : new(Site, slot, StagingState, PreviewPending ? "production" : null, null, Plan, $"app-{slot}.azurewebsites.net", [], "westeurope");

        private List<ProbeObservation> Probes(ProbeSlotRequest request) =>
            [.. request.InstanceIds.DefaultIfEmpty(null).SelectMany(i => request.Paths.Select(p => new ProbeObservation(i, p, i is null ? SmokeStatus : WarmStatus, TimeSpan.FromMilliseconds(20), DateTimeOffset.MinValue)))];

        private SlotMetrics Metrics(SlotMetricsRequest request)
        {
            MetricReads.Add(request);
            if (Swapped)
            {
                GuardReads.Add(request);
            }
            if (FailBaseline is not null && request.To - request.From >= TimeSpan.FromMinutes(4))
            {
                throw FailBaseline;
            }

            var minutes = new List<SlotMinute>();
            if ((SilentAfterSwap && Swapped) || (SilentSource && request.Slot == "staging"))
            {
                return new SlotMetrics(minutes);
            }

            bool degraded = DegradedAfterSwap && Swapped && request.Slot == "production";
            for (var t = request.From; t < request.To; t = t.AddMinutes(1))
            {
                minutes.Add(new SlotMinute(t, 600, degraded ? 200 : 0, (degraded ? 1.5 : 0.12) + (minutes.Count % 3 * 0.01)));
            }

            return new SlotMetrics(minutes);
        }
    }
}
