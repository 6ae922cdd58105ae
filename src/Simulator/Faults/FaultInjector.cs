namespace Seamless.Simulator.Faults;

/// <summary>Active fault rules; the first rule that matches an operation decides. Not thread-safe: the state's lock guards it.</summary>
internal sealed class FaultInjector(Random random)
{
    private readonly List<(FaultSpec Spec, int? Remaining)> _rules = [];

    /// <summary>Operations that are long-running (the only ones lroFail, lroDelay and lroHold apply to).</summary>
    public static readonly IReadOnlySet<string> LongRunning = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "slotsswap", "setCapacity" };

    public IReadOnlyList<FaultSpec> Active => _rules.Select(r => r.Spec with { Count = r.Remaining, Holding = r.Spec.HoldSignal?.Holding }).ToList();

    public void Add(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        bool holds = spec.Is(FaultSpec.Hold) || spec.Is(FaultSpec.LroHold);
        var rule = spec with { Holding = null, HoldSignal = holds ? new FaultHold() : null };
        _rules.Add((rule, rule.Count));
    }

    /// <summary>Removes every rule <paramref name="matches"/> selects and returns the release signals of the hold rules among them (the caller releases them).</summary>
    public IReadOnlyList<FaultHold> Remove(Func<FaultSpec, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var removed = _rules.Where(r => matches(r.Spec)).ToList();
        _rules.RemoveAll(r => matches(r.Spec));
        return removed.Select(r => r.Spec.HoldSignal).OfType<FaultHold>().ToList();
    }

    /// <summary>Returns the fault to apply to this call of <paramref name="operation"/> on <paramref name="path"/>, consuming one count.</summary>
    public FaultSpec? Match(string operation, string path, bool exactOperation = false)
    {
        for (int i = 0; i < _rules.Count; i++)
        {
            var (spec, remaining) = _rules[i];
            bool opMatches = (!exactOperation && spec.Operation == "*") || string.Equals(spec.Operation, operation, StringComparison.OrdinalIgnoreCase);
            if (!opMatches || remaining <= 0 || (spec.Target is { } target && !path.Contains(target, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            bool lroOnly = spec.Is(FaultSpec.LroFail) || spec.Is(FaultSpec.LroDelay) || spec.Is(FaultSpec.LroHold);
            if (lroOnly && !LongRunning.Contains(operation))
            {
                continue;
            }

            if (spec.Probability is double p && random.NextDouble() >= p)
            {
                continue;
            }

            if (remaining is int r)
            {
                // A hold rule stays (count 0) until it is removed: the removal is what releases what it holds.
                if (r <= 1 && spec.HoldSignal is null)
                {
                    _rules.RemoveAt(i);
                }
                else
                {
                    _rules[i] = (spec, r - 1);
                }
            }

            return spec;
        }

        return null;
    }

    /// <summary>
    /// Whether a rule names <paramref name="operation"/> itself (not "*") on <paramref name="path"/> and could still apply;
    /// consumes nothing and draws no random number.
    /// </summary>
    public bool Targets(string operation, string path) =>
        _rules.Any(r => string.Equals(r.Spec.Operation, operation, StringComparison.OrdinalIgnoreCase)
            && r.Remaining is not <= 0
            && (r.Spec.Target is not { } target || path.Contains(target, StringComparison.OrdinalIgnoreCase)));
}
