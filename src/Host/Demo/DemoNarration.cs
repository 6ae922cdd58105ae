using System.Globalization;
using System.Text.Json;
using Seamless.Simulator.Model;
using Seamless.Workflows.State;

namespace Seamless.Host.Demo;

/// <summary>
/// What the demo says about scale-in: a decision line only when the decision or its reason changes (the sweep
/// decides every few simulated minutes, and a plan that holds for the same reason is one line, not forty), with
/// the count of identical decisions left out; under it, the learned headroom the decision saw (the budget, the learned
/// burst and the headroom it implies) whenever the learned setting or the instances it requires change. Every action
/// (scale-in, verified, reverted…) is always shown.
/// </summary>
public sealed class DecisionNarrator
{
    private string? _last;
    private string? _lastHeadroom;
    private int _repeats;

    /// <summary>The lines to print for <paramref name="entry"/> (none for a repeated decision).</summary>
    public IReadOnlyList<string> Lines(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string line = string.Create(CultureInfo.InvariantCulture, $"{entry.At:HH:mm:ss} {entry.Kind,-9} {entry.Summary}");
        if (entry.Kind != "decision")
        {
            return [.. Flush(), line];
        }

        string key = Key(entry);
        var (headroomKey, headroom) = Headroom(entry);
        bool headroomChanged = headroomKey is not null && headroomKey != _lastHeadroom;
        if (key == _last && !headroomChanged)
        {
            _repeats++;
            return [];
        }

        var lines = Flush();
        _last = key;
        lines.Add(line);
        if (headroomChanged)
        {
            _lastHeadroom = headroomKey;
            lines.Add($"         learned headroom: {headroom}");
        }

        return lines;
    }

    /// <summary>The note for identical decisions not shown yet, if any (call at the end).</summary>
    public List<string> Flush()
    {
        var lines = new List<string>();
        if (_repeats > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"         … the same decision {_repeats} more time{(_repeats == 1 ? string.Empty : "s")}"));
            _repeats = 0;
        }

        return lines;
    }

    /// <summary>A decision's identity for narration: action, capacities, deciding rule and reason code (not its numbers).</summary>
    public static string Key(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Detail is JsonElement { ValueKind: JsonValueKind.Object } d)
        {
            return string.Join('|', Prop(d, "action"), Prop(d, "fromCapacity"), Prop(d, "toCapacity"), Prop(d, "decidingRule"), Prop(d, "reason"));
        }

        return entry.Summary;
    }

    /// <summary>
    /// The learned headroom a decision saw: its identity for narration (the setting and the instances it requires, not
    /// the level's decimals) and its one-line account; nulls where the decision carries none (fixed headroom).
    /// </summary>
    private static (string? Key, string? Summary) Headroom(JournalEntry entry)
    {
        if (entry.Detail is not JsonElement { ValueKind: JsonValueKind.Object } d
            || !d.TryGetProperty("headroom", out var h)
            || h.ValueKind != JsonValueKind.Object
            || !h.TryGetProperty("summary", out var summary))
        {
            return (null, null);
        }

        var setting = h.TryGetProperty("setting", out var s) ? s.GetRawText() : string.Empty;
        return (string.Join('|', setting, Prop(h, "required"), Prop(h, "learned")), summary.GetString());
    }

    private static string Prop(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : string.Empty;
}

/// <summary>The requests and failures every user saw: production's and the canary slot's (users routed to the new build).</summary>
/// <param name="ProductionRequests">Requests served by production.</param>
/// <param name="ProductionFailed">Of which failed.</param>
/// <param name="CanaryRequests">Requests routed to the canary (staging) slot.</param>
/// <param name="CanaryFailed">Of which failed.</param>
public sealed record UserTraffic(double ProductionRequests, double ProductionFailed, double CanaryRequests, double CanaryFailed)
{
    /// <summary>Sums the per-minute traffic of both slots.</summary>
    public static UserTraffic From(IReadOnlyList<TrafficMinute> production, IReadOnlyList<TrafficMinute> canary)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(canary);
        return new UserTraffic(production.Sum(t => t.Requests), production.Sum(t => t.Failed), canary.Sum(t => t.Requests), canary.Sum(t => t.Failed));
    }

    /// <summary>One line: all users, then per slot.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ProductionRequests + CanaryRequests:0} requests, {ProductionFailed + CanaryFailed:0} failed (production {ProductionRequests:0} / {ProductionFailed:0} failed; canary slot {CanaryRequests:0} / {CanaryFailed:0} failed)");
}
