using System.Net;
using System.Text.Json;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;
using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>Where to crash an upgrade: once the status shows <paramref name="Phase"/> (or a later phase), optionally after a fault has stretched that step so the crash lands inside it.</summary>
/// <param name="Name">The case name.</param>
/// <param name="Phase">Kill once this phase (or a later one) is reported.</param>
/// <param name="StretchOperation">A simulator operation delayed once so the kill lands while it is in flight.</param>
/// <param name="AfterSwapAccepted">Kill only once the simulator has accepted the swap (the swap is in flight, its completion not yet recorded).</param>
public sealed record KillPoint(string Name, string Phase, string? StretchOperation = null, bool AfterSwapAccepted = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The black-box crash scenario shared by the kill tests: simulator + Host processes, a canary
/// upgrade of a good build, SIGKILL of the Host at a step, restart on the same data directory, then
/// the outcome and the simulator's own record of what was done.
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
                await fleet.InjectFaultAsync(new { operation = op, kind = "delay", delayMs = 4000, count = 1 }, ct);
            }

            var (response, body) = await fleet.Api.StartAsync(DefaultFleet.SiteId, "v2", "canary", "kill-" + point.Name, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var statusUri = new Uri(UpgradeApi.Str(body, "statusUri")!, UriKind.RelativeOrAbsolute);

            string killedIn = await WaitForKillPointAsync(fleet, statusUri, point, ct);
            fleet.KillHost();
            output.WriteLine($"killed in phase {killedIn}");
            killedIn.ShouldNotBe("Done", "the upgrade finished before the kill point: the case tests nothing");
            Array.IndexOf(Order, killedIn).ShouldBeGreaterThanOrEqualTo(Array.IndexOf(Order, point.Phase));

            await fleet.StartHostAsync(ct);
            var view = await fleet.Api.WaitForEndAsync(statusUri, ct);

            UpgradeApi.Str(view, "status").ShouldBe("Completed");
            UpgradeApi.Str(view, "outcome").ShouldBe("Promoted", $"{UpgradeApi.Str(view, "reason")}{Environment.NewLine}{view}");
            var ops = await fleet.OperationsAsync(ct);
            ops.Count(o => Kind(o) == "slotsswap" && !o.GetProperty("faulted").GetBoolean()).ShouldBe(1, "exactly one swap reaches the platform");
            ops.ShouldNotContain(o => Kind(o) == "setCapacity");
            var site = await fleet.SiteAsync(ct);
            BlackBoxFleet.Slot(site, "production").GetProperty("version").GetString().ShouldBe("v2");
            BlackBoxFleet.Slot(site, "staging").GetProperty("version").GetString().ShouldBe("v1");
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
                    && (!point.AfterSwapAccepted || (await fleet.OperationsAsync(ct)).Any(o => Kind(o) == "slotsswap")))
                {
                    return phase;
                }
            }

            await Task.Delay(10, ct);
        }
    }

    private static string? Kind(JsonElement op) => op.GetProperty("kind").GetString();
}
