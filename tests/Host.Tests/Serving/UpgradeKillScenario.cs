using System.Net;
using System.Text.Json;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;
using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>What the operator does once the Host is back.</summary>
public enum OperatorAnswer
{
    /// <summary>Nothing: the upgrade goes on by itself.</summary>
    None,

    /// <summary>POST /api/upgrades/{id}/approve.</summary>
    Approve,

    /// <summary>POST /api/upgrades/{id}/abort.</summary>
    Abort,
}

/// <summary>Where to crash an upgrade: once the status shows <paramref name="Phase"/> (or a later phase), optionally after a fault has stretched that step so the crash lands inside it.</summary>
/// <param name="Name">The case name.</param>
/// <param name="Phase">Kill once this phase (or a later one) is reported.</param>
/// <param name="StretchOperation">A simulator operation delayed once so the kill lands while it is in flight (the kill waits until the delay has begun).</param>
/// <param name="AfterSwapAccepted">Kill only once the simulator has accepted the swap (the swap is in flight, its completion not yet recorded).</param>
public sealed record KillPoint(string Name, string Phase, string? StretchOperation = null, bool AfterSwapAccepted = false)
{
    /// <summary>Gets the kind of the stretch fault: <c>delay</c> holds the call before the platform sees it; <c>lroDelay</c> lets the platform accept it and keeps it running.</summary>
    public string StretchKind { get; init; } = "delay";

    /// <summary>Gets the request-path text the stretch fault is limited to (e.g. one probe path).</summary>
    public string? StretchTarget { get; init; }

    /// <summary>Gets policy overrides sent with the upgrade request.</summary>
    public object? Policy { get; init; }

    /// <summary>Gets what the operator posts after the restart.</summary>
    public OperatorAnswer AfterRestart { get; init; }

    /// <summary>Gets a gate the finished upgrade must show exactly one passing verdict of (the step the kill interrupted).</summary>
    public string? PassedGate { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// The black-box crash scenario shared by the kill tests: simulator + Host processes, a canary
/// upgrade of a good build, SIGKILL of the Host at a step, restart on the same data directory
/// (optionally an operator's approve or abort), then the outcome and the simulator's own record of
/// what was done: promoted with exactly one swap, or aborted with none and the site as it was.
/// </summary>
internal static class UpgradeKillScenario
{
    public const double TimeScale = 120;

    private static readonly string[] Order =
        ["Validating", "Leasing", "ConfigDiff", "Preparing", "WarmingUp", "Smoke", "Canary", "Approval", "Swapping", "Guarding", "RollingBack", "Done"];

    public static async Task RunAsync(KillPoint point, ITestOutputHelper output)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        await using var fleet = new BlackBoxFleet(TimeScale, new Dictionary<string, string> { ["Seamless__ScaleIn__Enabled"] = "false" });
        try
        {
            await fleet.StartSimulatorAsync(ct);
            await fleet.StartHostAsync(ct);
            if (point.StretchOperation is { } op)
            {
                await fleet.InjectFaultAsync(new { operation = op, target = point.StretchTarget, kind = point.StretchKind, delayMs = point.StretchKind == "delay" ? 4000 : 10000, count = 1 }, ct);
            }

            var (response, body) = await fleet.Api.StartAsync(DefaultFleet.SiteId, "v2", "canary", "kill-" + point.Name, ct, point.Policy);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body.ToString());
            var statusUri = new Uri(UpgradeApi.Str(body, "statusUri")!, UriKind.RelativeOrAbsolute);

            string killedIn = await WaitForKillPointAsync(fleet, statusUri, point, ct);
            fleet.KillHost();
            output.WriteLine($"killed in phase {killedIn}");
            killedIn.ShouldNotBe("Done", "the upgrade finished before the kill point: the case tests nothing");
            Array.IndexOf(Order, killedIn).ShouldBeGreaterThanOrEqualTo(Array.IndexOf(Order, point.Phase));

            await fleet.StartHostAsync(ct);
            var restartedAt = await fleet.SimulatedNowAsync(ct);
            if (point.AfterRestart != OperatorAnswer.None)
            {
                var answer = await fleet.Api.SignalAsync(statusUri, point.AfterRestart == OperatorAnswer.Approve ? "approve" : "abort", ct);
                answer.ShouldBe(HttpStatusCode.Accepted, "the upgrade must still be waiting for the operator after the restart");
            }

            var view = await fleet.Api.WaitForEndAsync(statusUri, ct);

            bool aborted = point.AfterRestart == OperatorAnswer.Abort;
            string described = $"{UpgradeApi.Str(view, "reason")}{Environment.NewLine}{view}";
            output.WriteLine($"ended {UpgradeApi.Str(view, "outcome")}: {UpgradeApi.Str(view, "reason")}");
            foreach (var verdict in view.GetProperty("verdicts").EnumerateArray())
            {
                output.WriteLine($"  {UpgradeApi.Str(verdict, "gate")}: {UpgradeApi.Str(verdict, "outcome")} — {UpgradeApi.Str(verdict, "message")}");
            }

            UpgradeApi.Str(view, "status").ShouldBe("Completed", described);
            UpgradeApi.Str(view, "outcome").ShouldBe(aborted ? "Aborted" : "Promoted", described);
            if (point.PassedGate is { } gate)
            {
                var verdicts = view.GetProperty("verdicts").EnumerateArray().Where(v => UpgradeApi.Str(v, "gate") == gate).Select(v => UpgradeApi.Str(v, "outcome")).ToList();
                verdicts.ShouldBe([nameof(Seamless.Core.Upgrade.VerdictOutcome.Pass)], $"the interrupted gate is judged once{Environment.NewLine}{described}");
            }

            var ops = await fleet.OperationsAsync(ct);
            // A swap the platform accepted (202); a second POST refused with 409 while the first still ran swapped nothing.
            ops.Count(o => Kind(o) == "slotsswap" && o.GetProperty("statusCode").GetInt32() == 202 && !o.GetProperty("faulted").GetBoolean())
                .ShouldBe(aborted ? 0 : 1, aborted ? "an aborted upgrade never swaps" : "exactly one swap reaches the platform");
            ops.ShouldNotContain(o => Kind(o) == "setCapacity");
            if (point.StretchKind == "lroDelay")
            {
                // The restarted Host met the stretched operation still running (what the case is about).
                ops.First(o => Kind(o) == point.StretchOperation && o.GetProperty("statusCode").GetInt32() == 202)
                    .GetProperty("completedAt").GetDateTimeOffset().ShouldBeGreaterThan(restartedAt, "the operation ended before the Host was back: the case tests nothing");
            }

            var site = await fleet.SiteAsync(ct);
            BlackBoxFleet.Slot(site, "production").GetProperty("version").GetString().ShouldBe(aborted ? "v1" : "v2");
            BlackBoxFleet.Slot(site, "staging").GetProperty("version").GetString().ShouldBe(aborted ? "v2" : "v1");
            foreach (var slot in site.GetProperty("slots").EnumerateArray())
            {
                slot.TryGetProperty("targetSwapSlot", out var pending);
                (pending.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined).ShouldBeTrue($"slot {slot.GetProperty("name")} is left prepared for a swap");
            }

            site.GetProperty("routing").EnumerateObject().ShouldAllBe(r => r.Value.GetDouble() == 0);
        }
        catch
        {
            output.WriteLine(fleet.Diagnostics);
            throw;
        }
    }

    private static async Task<string> WaitForKillPointAsync(BlackBoxFleet fleet, Uri statusUri, KillPoint point, CancellationToken ct)
    {
        int target = Array.IndexOf(Order, point.Phase);
        while (true)
        {
            if (await fleet.Api.TryGetAsync(statusUri, ct) is { } view)
            {
                string phase = UpgradeApi.Str(view, "phase") ?? "Validating";
                if (UpgradeApi.Str(view, "status") is "Completed" or "Failed" or "Terminated")
                {
                    return "Done";
                }

                if (Array.IndexOf(Order, phase) >= target
                    && (!point.AfterSwapAccepted || (await fleet.OperationsAsync(ct)).Any(o => Kind(o) == "slotsswap"))
                    && (point.StretchOperation is null || (await fleet.FaultsAsync(ct)).Count == 0))
                {
                    return phase;
                }
            }

            await Task.Delay(10, ct);
        }
    }

    private static string? Kind(JsonElement op) => op.GetProperty("kind").GetString();
}
