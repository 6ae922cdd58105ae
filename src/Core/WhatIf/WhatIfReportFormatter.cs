using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.WhatIf;

/// <summary>Renders a <see cref="WhatIfReport"/> as stable JSON (for scripts) or a plain-text table (for people).</summary>
public static class WhatIfReportFormatter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// JSON: <c>{ "trace": {name, minutes, resolutionMinutes, note}, "capacityModel": {...}, "policies": [ { "name",
    /// "instanceHours", "overloadMinutes", "hotMinutes", "p95Utilisation", "scaleActions", "flaps" } ] }</c>.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Json);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The report.</returns>
    public static WhatIfReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<WhatIfReport>(json, Json) ?? throw new JsonException("The report JSON is null.");
    }

    /// <summary>A plain-text table, one row per policy, with instance-hours relative to the oracle.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The table with a short header naming the trace and the capacity model.</returns>
    public static string ToTable(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var m = report.CapacityModel;
        var oracle = report.Policies.FirstOrDefault(p => p.Name == WhatIfPolicyNames.Oracle)?.InstanceHours;
        var text = new StringBuilder();
        text.AppendLine(c, $"trace: {report.Trace.Name} ({report.Trace.Minutes} min; {report.Trace.Note})");
        text.AppendLine(c, $"capacity: C = {m.PerInstancePerMinute:0.###} per instance-minute at 100 % CPU ({m.Source}); peak {m.PeakDemand:0.###} = {m.PeakInstances} instances; min {m.MinInstances}, max {m.MaxInstances}, start {m.StartInstances}, provisioning delay {m.ProvisioningDelayMinutes} min");

        string[] header = ["policy", "instance-hours", "× oracle", "overload min", "overload %", "hot min", "p95 util %", "scale actions", "flaps"];
        var rows = report.Policies.Select(p => new[]
        {
            p.Name,
            p.InstanceHours.ToString("0.0", c),
            oracle is > 0 ? (p.InstanceHours / oracle.Value).ToString("0.000", c) : "n/a",
            p.OverloadMinutes.ToString(c),
            (100.0 * p.OverloadMinutes / Math.Max(1, report.Trace.Minutes)).ToString("0.000", c),
            p.HotMinutes.ToString(c),
            p.P95Utilisation.ToString("0.0", c),
            p.ScaleActions.ToString(c),
            p.Flaps.ToString(c),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((v, i) => i == 0 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
