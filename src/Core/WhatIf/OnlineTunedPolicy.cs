namespace Seamless.Core.WhatIf;

/// <summary>
/// A peer family re-tuned online (<see cref="WhatIfPeers.Online"/>): what an operator who re-tunes it every day from the
/// plan's own history could have had. It starts at the family's documented default; at the end of each day every
/// setting of the family's grid (<see cref="PeerTuner"/>) is replayed on all the demand seen so far, and the cheapest that
/// kept the overload budget there serves the next day (when none kept it, the one that overloaded least). It never sees
/// the minutes it serves; the hindsight-tuned peer (<see cref="TunedPolicy"/>) sees the whole trace.
/// </summary>
/// <param name="Family">The family: <see cref="WhatIfPolicyNames.AzureAutoscale"/> or <see cref="WhatIfPolicyNames.Hpa"/>.</param>
/// <param name="OverloadBudgetPercent">The budget: share of minutes that may be overloaded (%), on each history and on the trace.</param>
/// <param name="MeetsBudget">True when the replay kept the budget over the whole trace.</param>
/// <param name="SettingsSearched">How many settings the grid held (each re-tuning replays them all).</param>
/// <param name="RetuneMinutes">Minutes between re-tunings (a day).</param>
/// <param name="Retunings">How many times it was re-tuned over the trace.</param>
/// <param name="Settings">The settings that served, each from the minute it took over (the first is the default, from minute 0).</param>
/// <param name="Result">Its figures; <see cref="PolicyResult.Name"/> is the family's name with "-online".</param>
public sealed record OnlineTunedPolicy(
    string Family,
    double OverloadBudgetPercent,
    bool MeetsBudget,
    int SettingsSearched,
    int RetuneMinutes,
    int Retunings,
    IReadOnlyList<OnlineSetting> Settings,
    PolicyResult Result);

/// <summary>A setting an online-tuned peer served with (<see cref="OnlineTunedPolicy.Settings"/>).</summary>
/// <param name="FromMinute">The minute it took over.</param>
/// <param name="Parameters">The setting, name → value.</param>
public sealed record OnlineSetting(int FromMinute, IReadOnlyDictionary<string, double> Parameters);
