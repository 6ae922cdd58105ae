using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.WhatIf;

/// <summary>
/// What a what-if replay saw minute by minute (<see cref="WhatIfRunner.RunWithSeries"/>): the demand, each policy's
/// instances and utilisation, and the headroom Seamless learned, so a figure of the report can be traced to the minutes
/// and the settings behind it. <see cref="WhatIfSeriesCsv"/> writes it for plots and scripts.
/// </summary>
/// <param name="Trace">The replayed trace's label.</param>
/// <param name="Demand">Each minute's demand in instances' worth (demand / the capacity of one instance at 100 % CPU).</param>
/// <param name="Policies">One series per policy of the report, in its order, then the tuned peers.</param>
/// <param name="Learning">The headroom Seamless learned, each in force from its minute until the next one.</param>
public sealed record WhatIfSeries(string Trace, IReadOnlyList<double> Demand, IReadOnlyList<PolicySeries> Policies, IReadOnlyList<LearningSpan> Learning)
{
    /// <summary>Returns the learned headroom in force at a minute; null before the first learning or without learned headroom.</summary>
    /// <param name="minute">A replayed minute.</param>
    /// <returns>The span in force.</returns>
    public LearningSpan? LearningAt(int minute)
    {
        LearningSpan? found = null;
        var lo = 0;
        var hi = Learning.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Learning[mid].FromMinute <= minute)
            {
                found = Learning[mid];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}

/// <summary>One policy's replay, minute by minute.</summary>
/// <param name="Name">The policy's name in the report (<see cref="WhatIfPolicyNames"/>, or a tuned peer's).</param>
/// <param name="Billed">Billed instances (provisioning ones included).</param>
/// <param name="Serving">Instances serving (provisioning ones not).</param>
/// <param name="Utilisation">Demand over the serving instances' capacity (1 = 100 %; above 1 the minute asked for more than was served).</param>
/// <param name="Overloaded">Whether the minute counts as overloaded: its trailing 5-minute mean utilisation exceeds 100 % (<see cref="PolicyResult.OverloadMinutes"/> counts these).</param>
public sealed record PolicySeries(string Name, IReadOnlyList<int> Billed, IReadOnlyList<int> Serving, IReadOnlyList<double> Utilisation, IReadOnlyList<bool> Overloaded);

/// <summary>A headroom Seamless learned (hourly), in force from <paramref name="FromMinute"/> on.</summary>
/// <param name="FromMinute">The minute it was learned at.</param>
/// <param name="Learned">What was learned and why.</param>
public sealed record LearningSpan(int FromMinute, LearnedHeadroom Learned);

/// <summary>A replay's report and its minutes.</summary>
/// <param name="Report">The figures (what <see cref="WhatIfRunner.Run"/> returns).</param>
/// <param name="Series">The minutes behind them.</param>
public sealed record WhatIfRun(WhatIfReport Report, WhatIfSeries Series);
