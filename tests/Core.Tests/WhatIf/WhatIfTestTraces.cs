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

    /// <summary>
    /// Two and a half days at 1 instance's worth with a jump to the peak (20 instances' worth) for half an hour at a
    /// different hour each day: no headroom on a level of 1 carries it inside the provisioning delay, so once the history
    /// holds two days the learnings name a plan minimum.
    /// </summary>
    public static Trace JumpsBeyondReach()
    {
        int[] jumpHours = [3, 15, 9];
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < 60 * 60; m++)
        {
            var inJump = (m % 1440) - (jumpHours[m / 1440] * 60) is >= 0 and < 30;
            csv.Append(CultureInfo.InvariantCulture, $"{m},{(inJump ? 2000 : 100)}\n");
        }

        return TraceParser.Parse(csv.ToString(), "jumps");
    }
}
