using Seamless.Core.WhatIf;

/// <summary>
/// Traces the default policy was not tuned on, made from each public trace: the same workload reversed in time, only
/// its second half (Seamless starts cold in the middle), twice as fast (every other minute: bursts and ramps at double
/// speed) and with 20 % multiplicative noise (log-normal, seeded by the trace's name). A check of "the same default keeps
/// the budget on workloads it has never seen" that anyone can rerun; not a substitute for real unseen traces.
/// </summary>
internal static class TraceVariants
{
    public static IEnumerable<Trace> Of(Trace trace)
    {
        var demand = trace.Demand;
        var name = Path.GetFileNameWithoutExtension(trace.Name);
        yield return Variant(trace, name + "_reversed", demand.Reverse().ToList(), "reversed in time");
        yield return Variant(trace, name + "_second-half", demand.Skip(demand.Count / 2).ToList(), "second half only");
        yield return Variant(trace, name + "_fast2x", demand.Where((_, i) => i % 2 == 0).ToList(), "every other minute (twice as fast)");
        var random = Seeded.For(name);
        yield return Variant(trace, name + "_noisy20", demand.Select(d => Math.Max(0, d * Math.Exp(0.2 * Seeded.Gaussian(random)))).ToList(), "×exp(0.2·N(0,1)) per minute");
    }

    private static Trace Variant(Trace trace, string name, IReadOnlyList<double> demand, string how) =>
        new(name, demand, trace.ResolutionMinutes, trace.SourceRows, $"{trace.Note} Variant: {how}.");
}
