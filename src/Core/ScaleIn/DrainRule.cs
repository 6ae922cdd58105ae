using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>
/// The drain guard: scale in only when draining the instance the platform removes is harmless to users —
/// no site with ARR affinity still has sessions (requests within the session idle time), no request runs
/// close to the platform's drain time, and no application queue holds requests. Monotone in the step
/// (any removal drains at least one instance), so it holds or passes, never limits.
/// </summary>
internal static class DrainRule
{
    public static RuleResult Evaluate(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        if (c.Drain is not { } drain)
        {
            // Only the what-if replay builds contexts without drain facts: CPU traces carry no requests or sessions.
            // The orchestrator and the preview always read them (missing figures arrive as nulls and hold below).
            return new RuleResult(new RuleVerdict(ScaleInRuleNames.Drain, RuleOutcome.Continue, ScaleInReasons.DrainNotAssessed, "No drain facts in this evaluation (a replay without requests or sessions); drain guard not applied."), step);
        }

        var missing = new List<string>();
        if (drain.Lookback < p.SessionIdle)
        {
            missing.Add(Invariant($"request counts cover {drain.Lookback.TotalMinutes:0.#} min, sessions idle out after {p.SessionIdle.TotalMinutes:0.#} min"));
        }

        foreach (var site in drain.Sites)
        {
            if (site.AffinityEnabled is null)
            {
                missing.Add(Invariant($"'{site.Site}' affinity setting unknown"));
            }

            if (site.Requests is not { } requests || !double.IsFinite(requests))
            {
                missing.Add(Invariant($"'{site.Site}' has no Requests data"));
            }
            else if (requests > 0 && site.LongestRequestSeconds is null)
            {
                missing.Add(Invariant($"'{site.Site}' served {requests:0} requests but has no response-time data"));
            }

            if (site.ApplicationQueue is null)
            {
                missing.Add(Invariant($"'{site.Site}' has no RequestsInApplicationQueue data"));
            }
        }

        if (missing.Count > 0)
        {
            return Hold(ScaleInReasons.DrainDataMissing, $"Missing drain data: {string.Join("; ", missing)}. No data, no scale-in.");
        }

        var limit = p.PlatformDrain - p.DrainMargin;
        var queued = drain.Sites.Where(x => x.ApplicationQueue > 0).ToList();
        if (queued.Count > 0)
        {
            return Hold(ScaleInReasons.ApplicationQueueNotEmpty, string.Join(" ", queued.Select(x => Invariant($"'{x.Site}' has up to {x.ApplicationQueue:0.##} request(s) in its application queue;"))) + " a drained instance would fail them.");
        }

        var slow = drain.Sites.Where(x => x.Requests > 0 && x.LongestRequestSeconds is { } l && l >= limit.TotalSeconds).ToList();
        if (slow.Count > 0)
        {
            return Hold(ScaleInReasons.RequestsOutliveDrain, string.Join(" ", slow.Select(x => Invariant($"'{x.Site}' served requests of up to {x.LongestRequestSeconds:0.#} s;"))) + Invariant($" the platform drains a removed instance for {p.PlatformDrain.TotalSeconds:0} s (margin {p.DrainMargin.TotalSeconds:0} s), so requests running then would fail."));
        }

        var pinned = drain.Sites.Where(x => x.AffinityEnabled == true && x.Requests > 0).ToList();
        if (pinned.Count > 0 && !p.AcceptSessionLoss)
        {
            return Hold(ScaleInReasons.SessionsPinned, string.Join(" ", pinned.Select(x => Invariant($"'{x.Site}' has ARR affinity on and served {x.Requests:0} requests in the last {drain.Lookback.TotalMinutes:0.#} min;"))) + " sessions pinned to the removed instance would be lost (acceptSessionLoss is off).");
        }

        var longest = drain.Sites.Select(x => x.Requests > 0 ? x.LongestRequestSeconds : null).Max() ?? 0;
        var sessions = pinned.Count > 0
            ? Invariant($"session loss on {string.Join(", ", pinned.Select(x => x.Site))} accepted by policy")
            : "no site with affinity has had requests";
        return new RuleResult(
            new RuleVerdict(ScaleInRuleNames.Drain, RuleOutcome.Continue, ScaleInReasons.Passed, Invariant($"Draining is harmless on {drain.Sites.Count} site(s): longest request {longest:0.##} s below the {p.PlatformDrain.TotalSeconds:0} s drain less {p.DrainMargin.TotalSeconds:0} s margin, application queues empty, {sessions} in the last {drain.Lookback.TotalMinutes:0.#} min.")),
            step);
    }

    private static RuleResult Hold(string reason, string message) =>
        new(new RuleVerdict(ScaleInRuleNames.Drain, RuleOutcome.Hold, reason, message), 0);
}
