namespace Seamless.Core.ScaleIn;

/// <summary>Stable reason codes of scale-in verdicts and decisions (journal and API consumers match on them).</summary>
public static class ScaleInReasons
{
    /// <summary>The rule found nothing against the step.</summary>
    public const string Passed = "Passed";

    /// <summary>A veto is active.</summary>
    public const string VetoActive = "VetoActive";

    /// <summary>A release holds the capacity lease.</summary>
    public const string LeaseHeld = "LeaseHeld";

    /// <summary>One or more instances are unhealthy.</summary>
    public const string UnhealthyInstances = "UnhealthyInstances";

    /// <summary>A signal has missing samples, or per-instance data does not cover the plan.</summary>
    public const string MissingData = "MissingData";

    /// <summary>Load is within the tolerance of the target (or above it).</summary>
    public const string WithinDeadBand = "WithinDeadBand";

    /// <summary>Removing even one instance would put a signal over its limit.</summary>
    public const string ProjectionCrossesLine = "ProjectionCrossesLine";

    /// <summary>Removing MaxStep instances would cross a limit; a smaller step does not.</summary>
    public const string ProjectionLimitsStep = "ProjectionLimitsStep";

    /// <summary>The plan already runs a single instance.</summary>
    public const string SingleInstance = "SingleInstance";

    /// <summary>The plan is at the policy minimum.</summary>
    public const string AtMinimum = "AtMinimum";

    /// <summary>The plan is at the zone-redundancy minimum.</summary>
    public const string AtZoneMinimum = "AtZoneMinimum";

    /// <summary>The step is cut so the plan stays at or above its minimum.</summary>
    public const string MinimumLimitsStep = "MinimumLimitsStep";

    /// <summary>The last capacity change is too recent.</summary>
    public const string CooldownActive = "CooldownActive";

    /// <summary>The rate limit for the period is used up.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>The rate limit allows fewer instances than asked.</summary>
    public const string RateLimitLimitsStep = "RateLimitLimitsStep";

    /// <summary>The seasonal peak would not fit in the smaller plan.</summary>
    public const string SeasonalPeak = "SeasonalPeak";

    /// <summary>The seasonal peak fits only a smaller step.</summary>
    public const string SeasonalLimitsStep = "SeasonalLimitsStep";

    /// <summary>No seasonal history; the policy says hold.</summary>
    public const string SeasonalDataMissing = "SeasonalDataMissing";

    /// <summary>No seasonal history; the policy says skip the guard.</summary>
    public const string SeasonalSkipped = "SeasonalSkipped";

    /// <summary>Learned headroom: the learner's seasonal term (on or off for the plan) stands for the fixed seasonal guard.</summary>
    public const string SeasonalLearned = "SeasonalLearned";

    /// <summary>Every rule passed: scale in.</summary>
    public const string ScaleIn = "ScaleIn";

    /// <summary>No learned headroom could be estimated (the demand history is missing): no data, no scale-in.</summary>
    public const string HeadroomUnknown = "HeadroomUnknown";

    /// <summary>The learned headroom needs every instance the plan has.</summary>
    public const string HeadroomNeeded = "HeadroomNeeded";

    /// <summary>The learned headroom needs more instances than the plan has (the sweep scales out ahead).</summary>
    public const string HeadroomShort = "HeadroomShort";

    /// <summary>Demand is rising: the latest minute, with the learned headroom, needs every instance the 5-minute mean would free.</summary>
    public const string HeadroomRising = "HeadroomRising";

    /// <summary>The learned headroom allows a smaller step than the other rules.</summary>
    public const string HeadroomLimitsStep = "HeadroomLimitsStep";

    /// <summary>Affinity settings, request counts, response times or application queues are missing.</summary>
    public const string DrainDataMissing = "DrainDataMissing";

    /// <summary>A site's application queue holds requests a drained instance would fail.</summary>
    public const string ApplicationQueueNotEmpty = "ApplicationQueueNotEmpty";

    /// <summary>Requests run about as long as the platform's drain (or longer): some would fail.</summary>
    public const string RequestsOutliveDrain = "RequestsOutliveDrain";

    /// <summary>A site with ARR affinity has recent traffic: sessions pinned to the removed instance would be lost.</summary>
    public const string SessionsPinned = "SessionsPinned";

    /// <summary>The evaluation carries no drain facts (what-if replay); the guard is not applied.</summary>
    public const string DrainNotAssessed = "DrainNotAssessed";
}
