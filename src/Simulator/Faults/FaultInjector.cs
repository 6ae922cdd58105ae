namespace Seamless.Simulator.Faults;

/// <summary>Active fault rules; the first rule that matches an operation decides. Not thread-safe: the state's lock guards it.</summary>
internal sealed class FaultInjector(Random random)
{
    private readonly List<(FaultSpec Spec, int? Remaining)> _rules = [];

    /// <summary>Operations that are long-running (the only ones lroFail and lroDelay apply to).</summary>
    public static readonly IReadOnlySet<string> LongRunning = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "slotsswap", "setCapacity" };

    public IReadOnlyList<FaultSpec> Active => _rules.Select(r => r.Spec with { Count = r.Remaining }).ToList();

    public void Add(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _rules.Add((spec, spec.Count));
    }

    public void Clear() => _rules.Clear();

    /// <summary>Returns the fault to apply to this call of <paramref name="operation"/> on <paramref name="path"/>, consuming one count.</summary>
    public FaultSpec? Match(string operation, string path)
    {
        for (int i = 0; i < _rules.Count; i++)
        {
            var (spec, remaining) = _rules[i];
            bool opMatches = spec.Operation == "*" || string.Equals(spec.Operation, operation, StringComparison.OrdinalIgnoreCase);
            if (!opMatches || remaining <= 0 || (spec.Target is { } target && !path.Contains(target, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            bool lroOnly = string.Equals(spec.Kind, FaultSpec.LroFail, StringComparison.OrdinalIgnoreCase) || string.Equals(spec.Kind, FaultSpec.LroDelay, StringComparison.OrdinalIgnoreCase);
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
                if (r <= 1)
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
}
