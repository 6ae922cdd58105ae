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

/// <summary>A simulator call the test holds so that the kill lands while it is held.</summary>
/// <param name="Operation">The simulator operation (fault name, see src/Simulator/README.md).</param>
/// <param name="Kind"><c>hold</c>: the call waits before the platform sees it; <c>lroHold</c>: the platform accepts it and keeps it running.</param>
/// <param name="Target">Request-path text the hold is limited to (e.g. one probe path or host name).</param>
public sealed record HeldCall(string Operation, string Kind = "hold", string? Target = null);

/// <summary>
/// Where to crash an upgrade: while <paramref name="Hold"/> holds the step's call (the upgrade cannot move on), with the
/// status showing <paramref name="Phase"/>; without a hold the upgrade must wait by itself (for the operator).
/// </summary>
/// <param name="Name">The case name.</param>
/// <param name="Phase">The phase the status shows at the kill.</param>
/// <param name="Hold">The call held at the kill (released once the Host is back).</param>
public sealed record KillPoint(string Name, string Phase, HeldCall? Hold = null)
{
    /// <summary>
    /// Gets a call held first, when the kill point's own operation also happens earlier in the upgrade: once it is held,
    /// <see cref="Hold"/> is placed and this one released, so <see cref="Hold"/> catches the first call after it. Its
    /// operation has completed by the kill (asserted).
    /// </summary>
    public HeldCall? After { get; init; }

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
/// upgrade of a good build, SIGKILL of the Host while a simulator hold keeps the upgrade at a step (or
/// while it waits for the operator), restart on the same data directory, release of the hold
/// (optionally an operator's approve or abort), then the outcome and the simulator's own record of
/// what was done: promoted with exactly one swap, or aborted with none and the site as it was. Nothing
/// races the clock: the step cannot end before the kill however fast or slow the machine is.
/// </summary>
internal static class UpgradeKillScenario
{
    private static readonly string[] Order =
        ["Validating", "Leasing", "ConfigDiff", "Preparing", "WarmingUp", "Smoke", "Canary", "Approval", "Swapping", "Guarding", "RollingBack", "Done"];

    public static async Task RunAsync(KillPoint point, ITestOutputHelper output)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        await using var fleet = new BlackBoxFleet(new Dictionary<string, string> { ["Seamless__ScaleIn__Enabled"] = "false" });
        try
        {
            await fleet.StartSimulatorAsync(ct);
            await fleet.StartHostAsync(ct);
            if ((point.After ?? point.Hold) is { } first)
            {
                await fleet.HoldAsync(first.Operation, first.Kind, first.Target, ct);
            }

            var (response, body) = await fleet.Api.StartAsync(DefaultFleet.SiteId, "v2", "canary", "kill-" + point.Name, ct, point.Policy);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body.ToString());
            var statusUri = new Uri(UpgradeApi.Str(body, "statusUri")!, UriKind.RelativeOrAbsolute);

            if (point.After is { } after)
            {
                await fleet.WaitUntilHeldAsync(after.Operation, ct, after.Target);
                await fleet.HoldAsync(point.Hold!.Operation, point.Hold.Kind, point.Hold.Target, ct);
                await fleet.ReleaseAsync(after.Operation, ct, after.Target);
            }

            if (point.Hold is { } hold)
            {
                await fleet.WaitUntilHeldAsync(hold.Operation, ct, hold.Target);
            }

            // The operation held first runs to its end before the kill (the kill point's hold is after it; for a swap
            // whose poll is held, the platform has finished what the Host has not seen).
            string? firstEnded = point.After is { Kind: "lroHold" } done ? await fleet.WaitUntilEndedAsync(done.Operation, ct) : null;
            string killedIn = await WaitForPhaseAsync(fleet, statusUri, point.Phase, ct);
            fleet.KillHost();
            output.WriteLine($"killed in phase {killedIn}");
            killedIn.ShouldBe(point.Phase);
            firstEnded?.ShouldBe("Succeeded");

            await fleet.StartHostAsync(ct);
            var restartedAt = await fleet.SimulatedNowAsync(ct);
            await fleet.ReleaseAsync(null, ct);
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
            if (point.Hold is { Kind: "lroHold" } running)
            {
                // The restarted Host met the held operation still running (what the case is about): it ended after the release
                // (simulated time may stand still from the restart to the release, so at the very instant at the earliest).
                ops.First(o => Kind(o) == running.Operation && o.GetProperty("statusCode").GetInt32() == 202)
                    .GetProperty("completedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(restartedAt, "the held operation ended before the Host was back");
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

    /// <summary>
    /// Waits until the status shows <paramref name="phase"/> (or a later one, which the caller refuses). The step is held
    /// (or waits for the operator), so the phase cannot pass; the wait covers only the status catching up.
    /// </summary>
    private static async Task<string> WaitForPhaseAsync(BlackBoxFleet fleet, Uri statusUri, string phase, CancellationToken ct)
    {
        int target = Array.IndexOf(Order, phase);
        while (true)
        {
            if (await fleet.Api.TryGetAsync(statusUri, ct) is { } view)
            {
                string current = UpgradeApi.Str(view, "phase") ?? "Validating";
                if (UpgradeApi.Str(view, "status") is "Completed" or "Failed" or "Terminated")
                {
                    return "Done";
                }

                if (Array.IndexOf(Order, current) >= target)
                {
                    if (current != phase)
                    {
                        // Past the kill point on its own: say why (the test fails on the phase).
                        fleet.Note($"status when the kill point was passed: {view}");
                    }

                    return current;
                }
            }

            await Task.Delay(10, ct);
        }
    }

    private static string? Kind(JsonElement op) => op.GetProperty("kind").GetString();
}
