namespace Seamless.Core.WhatIf;

/// <summary>Names of the replayed policies, as they appear in the JSON report.</summary>
public static class WhatIfPolicyNames
{
    /// <summary>Seamless: the scale-in evaluator plus the alert scale-out fast path.</summary>
    public const string Seamless = "seamless";

    /// <summary>Azure Monitor autoscale with the documented example rules.</summary>
    public const string AzureAutoscale = "azure-autoscale";

    /// <summary>Kubernetes HPA defaults.</summary>
    public const string Hpa = "hpa";

    /// <summary>Sized for the peak all the time.</summary>
    public const string StaticPeak = "static-peak";

    /// <summary>Clairvoyant: each minute the fewest instances that cover that minute.</summary>
    public const string Oracle = "oracle";

    /// <summary>Azure autoscale tuned with hindsight (reported under <see cref="WhatIfReport.Tuned"/>, not in <see cref="All"/>).</summary>
    public const string AzureAutoscaleTuned = "azure-autoscale-tuned";

    /// <summary>HPA tuned with hindsight (reported under <see cref="WhatIfReport.Tuned"/>, not in <see cref="All"/>).</summary>
    public const string HpaTuned = "hpa-tuned";

    /// <summary>Azure autoscale re-tuned online every day on the demand seen so far (reported under <see cref="WhatIfReport.Online"/>).</summary>
    public const string AzureAutoscaleOnline = "azure-autoscale-online";

    /// <summary>HPA re-tuned online every day on the demand seen so far (reported under <see cref="WhatIfReport.Online"/>).</summary>
    public const string HpaOnline = "hpa-online";

    /// <summary>Azure autoscale with one setting for several traces, chosen with hindsight on them (<see cref="PeerTuner.TuneShared"/>).</summary>
    public const string AzureAutoscaleShared = "azure-autoscale-shared";

    /// <summary>HPA with one setting for several traces, chosen with hindsight on them (<see cref="PeerTuner.TuneShared"/>).</summary>
    public const string HpaShared = "hpa-shared";

    /// <summary>Gets all names in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Seamless, AzureAutoscale, Hpa, StaticPeak, Oracle];
}
