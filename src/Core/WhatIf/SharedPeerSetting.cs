using System.Text.Json.Serialization;

namespace Seamless.Core.WhatIf;

/// <summary>
/// A peer family's one setting for several traces (<see cref="PeerTuner.TuneShared"/>): the setting of its grid that keeps
/// the overload budget on the most of the traces it was chosen on, and among those the cheapest on average.
/// </summary>
/// <param name="Family">The family: <see cref="WhatIfPolicyNames.AzureAutoscale"/> or <see cref="WhatIfPolicyNames.Hpa"/>.</param>
/// <param name="Name">The name its replays carry: the family's name with "-shared".</param>
/// <param name="OverloadBudgetPercent">The budget: share of each trace's minutes that may be overloaded (%).</param>
/// <param name="TracesChosenOn">How many traces it was chosen on.</param>
/// <param name="TracesKept">On how many of them it keeps the budget (all of them unless no setting of the grid does).</param>
/// <param name="SettingsSearched">How many settings the grid held.</param>
/// <param name="Parameters">The chosen setting, name → value.</param>
/// <param name="MeanTimesOracle">Its mean instance-hours × oracle over the traces it was chosen on.</param>
public sealed record SharedPeerSetting(
    string Family,
    string Name,
    double OverloadBudgetPercent,
    int TracesChosenOn,
    int TracesKept,
    int SettingsSearched,
    IReadOnlyDictionary<string, double> Parameters,
    double MeanTimesOracle)
{
    /// <summary>Gets the controller of the setting on a capacity model.</summary>
    [JsonIgnore]
    internal Func<CapacityModel, IReplayController> Controller { get; init; } = _ => throw new InvalidOperationException("A shared setting replays only as PeerTuner.TuneShared made it.");
}
