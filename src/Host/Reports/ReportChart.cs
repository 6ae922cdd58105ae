namespace Seamless.Host.Reports;

/// <summary>One chart of the report: a metric of each slot over the window, at a fixed grain.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="Unit">Unit of the values.</param>
/// <param name="From">Start of the time axis.</param>
/// <param name="To">End of the time axis.</param>
/// <param name="Grain">Spacing of consecutive points; points further apart than this have a gap between them.</param>
/// <param name="Series">One series per slot.</param>
public sealed record ReportChart(string Title, string Unit, DateTimeOffset From, DateTimeOffset To, TimeSpan Grain, IReadOnlyList<ReportSeries> Series);

/// <summary>A named series; only points with data (a missing minute is absent, not zero).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">Points in time order.</param>
public sealed record ReportSeries(string Name, IReadOnlyList<ReportPoint> Points);

/// <summary>One value at one time.</summary>
/// <param name="At">When.</param>
/// <param name="Value">The value.</param>
public readonly record struct ReportPoint(DateTimeOffset At, double Value);

/// <summary>What a vertical marker on the charts marks.</summary>
public enum ReportMarkerKind
{
    /// <summary>The upgrade entered a phase.</summary>
    Phase,

    /// <summary>The canary share changed.</summary>
    Canary,

    /// <summary>A swap (or swap back) completed.</summary>
    Swap,
}

/// <summary>A vertical line across every chart with its label.</summary>
/// <param name="At">When.</param>
/// <param name="Label">Text beside the line.</param>
/// <param name="Kind">What it marks.</param>
public sealed record ReportMarker(DateTimeOffset At, string Label, ReportMarkerKind Kind);
