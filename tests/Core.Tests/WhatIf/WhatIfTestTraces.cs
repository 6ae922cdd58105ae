using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

/// <summary>Synthetic traces the what-if tests share.</summary>
internal static class WhatIfTestTraces
{
    /// <summary>A day of a daily wave with a burst of +60 % every 90 minutes: every policy acts, some overload.</summary>
    public static Trace Bursty()
    {
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < 1440; m++)
        {
            var value = 550 - (450 * Math.Cos(2 * Math.PI * m / 1440)) + (m % 90 < 6 ? 330 : 0);
            csv.Append(CultureInfo.InvariantCulture, $"{m},{value:0.###}\n");
        }

        return TraceParser.Parse(csv.ToString(), "bursty");
    }
}
