using System.Text.Json;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class WhatIfReportFormatterTests
{
    private static readonly WhatIfReport Report = new(
        new TraceSummary("t.csv", 1440, 5, "5-minute trace: each value held for 5 minutes (no interpolation)."),
        new CapacityModel(12.5, "trace peak / 20", 250, 20, 2, 40, 20, 3),
        [
            new PolicyResult(WhatIfPolicyNames.Seamless, 100.5, 1, 20, 88.2, 30, 2),
            new PolicyResult(WhatIfPolicyNames.AzureAutoscale, 120, 4, 30, 90, 40, 5),
            new PolicyResult(WhatIfPolicyNames.Hpa, 130, 0, 3, 70, 80, 9),
            new PolicyResult(WhatIfPolicyNames.StaticPeak, 480, 0, 0, 50, 0, 0),
            new PolicyResult(WhatIfPolicyNames.Oracle, 90, 0, 1000, 99, 300, 100),
        ]);

    [Fact]
    public void ToJson_HasTheStableShape()
    {
        using var doc = JsonDocument.Parse(WhatIfReportFormatter.ToJson(Report));

        var root = doc.RootElement;
        root.GetProperty("trace").GetProperty("name").GetString().ShouldBe("t.csv");
        root.GetProperty("capacityModel").GetProperty("perInstancePerMinute").GetDouble().ShouldBe(12.5);
        var first = root.GetProperty("policies")[0];
        first.GetProperty("name").GetString().ShouldBe("seamless");
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "instanceHours", "overloadMinutes", "hotMinutes", "p95Utilisation", "scaleActions", "flaps"]);
        first.GetProperty("instanceHours").GetDouble().ShouldBe(100.5);
    }

    [Fact]
    public void ToJson_ThenFromJson_RoundTrips()
    {
        var json = WhatIfReportFormatter.ToJson(Report);

        var back = WhatIfReportFormatter.FromJson(json);

        WhatIfReportFormatter.ToJson(back).ShouldBe(json);
        back.Policies.ShouldBe(Report.Policies);
    }

    [Fact]
    public void ToTable_HasOneRowPerPolicyWithTheOracleRatio()
    {
        var table = WhatIfReportFormatter.ToTable(Report);

        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2 + 2 + 5);
        lines.ShouldContain(l => l.StartsWith("seamless", StringComparison.Ordinal) && l.Contains("1.117", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("oracle", StringComparison.Ordinal) && l.Contains("1.000", StringComparison.Ordinal));
        table.ShouldContain("held for 5 minutes");
    }
}
