namespace Seamless.Core.WhatIf;

/// <summary>A demand trace expanded to one value per minute.</summary>
/// <param name="Name">A label for reports (e.g. the file name).</param>
/// <param name="Demand">Demand per minute, from the first sample on (requests/min or any relative unit).</param>
/// <param name="ResolutionMinutes">The spacing of the source rows (1 for per-minute traces, 5 for five-minute ones).</param>
/// <param name="SourceRows">How many data rows the source had.</param>
/// <param name="Note">How the trace was expanded, e.g. "5-minute trace: each value held for 5 minutes".</param>
public sealed record Trace(string Name, IReadOnlyList<double> Demand, int ResolutionMinutes, int SourceRows, string Note)
{
    /// <summary>Gets the number of replayed minutes.</summary>
    public int Minutes => Demand.Count;

    /// <summary>Gets the largest per-minute demand.</summary>
    public double Peak => Demand.Count == 0 ? 0 : Demand.Max();
}
