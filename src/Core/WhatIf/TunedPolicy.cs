namespace Seamless.Core.WhatIf;

/// <summary>
/// A peer family tuned with hindsight on one trace: the cheapest setting of its grid that keeps the overload budget,
/// or — when none does — the setting with the least overload.
/// </summary>
/// <param name="Family">The family: <see cref="WhatIfPolicyNames.AzureAutoscale"/> or <see cref="WhatIfPolicyNames.Hpa"/>.</param>
/// <param name="OverloadBudgetPercent">The budget: share of the trace's minutes that may be overloaded (%).</param>
/// <param name="MeetsBudget">True when the chosen setting keeps the budget; false: no setting of the grid does, and this one overloads least.</param>
/// <param name="SettingsSearched">How many settings the grid held.</param>
/// <param name="Parameters">The chosen setting, name → value.</param>
/// <param name="Result">Its figures; <see cref="PolicyResult.Name"/> is the family's name with "-tuned".</param>
public sealed record TunedPolicy(
    string Family,
    double OverloadBudgetPercent,
    bool MeetsBudget,
    int SettingsSearched,
    IReadOnlyDictionary<string, double> Parameters,
    PolicyResult Result);
