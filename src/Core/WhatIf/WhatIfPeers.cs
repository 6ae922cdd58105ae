namespace Seamless.Core.WhatIf;

/// <summary>How the peer policies of a what-if replay are set.</summary>
public enum WhatIfPeers
{
    /// <summary>Their documented defaults only.</summary>
    Defaults,

    /// <summary>Their documented defaults, plus each family tuned with hindsight to the cheapest setting that keeps the overload budget.</summary>
    Tuned,

    /// <summary>
    /// As <see cref="Tuned"/>, plus each family re-tuned online every day on the demand seen so far (<see cref="OnlineTunedPolicy"/>):
    /// what an operator who re-tunes a peer from the plan's own history could have had.
    /// </summary>
    Online,
}
