using System.Globalization;
using System.Text.Json.Serialization;
using Seamless.Core.Canary;

using Seamless.Core.Payloads;

namespace Seamless.Core.Upgrade;

/// <summary>What happens when an approval does not arrive in time.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalTimeoutAction>))]
public enum ApprovalTimeoutAction
{
    /// <summary>Complete the swap anyway.</summary>
    Proceed,

    /// <summary>Abort the release and leave the site as it was.</summary>
    Abort,
}

/// <summary>What a post-swap guard window that ends without evidence (no conclusive judgement) leads to.</summary>
/// <remarks>
/// No data is not proof of health: a build that broke its own telemetry, or traffic that stopped, looks the same as a
/// quiet healthy one. The default fails closed, as a canary step without data does; sites too quiet to be judged in
/// the window can opt into <see cref="Promote"/>.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<GuardWithoutEvidenceAction>))]
public enum GuardWithoutEvidenceAction
{
    /// <summary>Swap the previous build back (fail-closed; the default).</summary>
    SwapBack,

    /// <summary>Keep the new build in production and say that nothing was judged.</summary>
    Promote,
}

/// <summary>The canary phase: routing percentages in steps, each step judged.</summary>
public sealed record CanaryPolicy
{
    /// <summary>Default: the canary phase is off.</summary>
    public const bool DefaultEnabled = false;

    /// <summary>Default routing percentages.</summary>
    public static readonly IReadOnlyList<double> DefaultSteps = [10, 25, 50];

    /// <summary>Default time at each step before it is judged.</summary>
    public static readonly TimeSpan DefaultStepInterval = TimeSpan.FromMinutes(5);

    /// <summary>Gets a value indicating whether the canary phase runs.</summary>
    public bool Enabled { get; init; } = DefaultEnabled;

    /// <summary>Gets the share of production traffic routed to the new build at each step, increasing, in (0, 100).</summary>
    public IReadOnlyList<double> Steps { get; init; } = DefaultSteps;

    /// <summary>Gets the time at each step before it is judged.</summary>
    public TimeSpan StepInterval { get; init; } = DefaultStepInterval;

    /// <summary>Gets the judge of each step (and of the guard window).</summary>
    public CanaryJudgeConfig Judge { get; init; } = CanaryJudgeConfig.Default;
}

/// <summary>The optional manual approval before the swap completes.</summary>
public sealed record ApprovalPolicy
{
    /// <summary>Default: no approval needed.</summary>
    public const bool DefaultRequired = false;

    /// <summary>Default action on timeout.</summary>
    public const ApprovalTimeoutAction DefaultOnTimeout = ApprovalTimeoutAction.Abort;

    /// <summary>Default time to wait for the approval.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Gets a value indicating whether an approval is needed.</summary>
    public bool Required { get; init; } = DefaultRequired;

    /// <summary>Gets how long to wait for it.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Gets what to do when it does not come.</summary>
    public ApprovalTimeoutAction OnTimeout { get; init; } = DefaultOnTimeout;
}

/// <summary>Every knob of an upgrade, with defaults; requests may override any of them.</summary>
public sealed record UpgradePolicy
{
    /// <summary>Default: the config diff warns but does not block.</summary>
    public const bool DefaultConfigDiffBlocks = false;

    /// <summary>Default action when the guard window ends without evidence: swap back (fail-closed).</summary>
    public const GuardWithoutEvidenceAction DefaultGuardWithoutEvidence = GuardWithoutEvidenceAction.SwapBack;

    /// <summary>Default post-swap guard window.</summary>
    public static readonly TimeSpan DefaultGuardWindow = TimeSpan.FromMinutes(10);

    /// <summary>Default interval between guard-window judgements.</summary>
    public static readonly TimeSpan DefaultGuardInterval = TimeSpan.FromMinutes(2);

    /// <summary>Default age after which a pending swap-with-preview is considered stale and reset.</summary>
    public static readonly TimeSpan DefaultStalePreviewAfter = TimeSpan.FromMinutes(30);

    /// <summary>Default smoke paths: none (the warm-up already probes its paths on every instance).</summary>
    public static readonly IReadOnlyList<string> DefaultSmokePaths = [];

    /// <summary>Gets the policy with every default.</summary>
    public static UpgradePolicy Default { get; } = new();

    /// <summary>Gets the warm-up policy.</summary>
    public WarmupPolicy Warmup { get; init; } = new();

    /// <summary>Gets the paths checked once through the slot after warm-up (statuses: <see cref="WarmupPolicy.AllowedStatusCodes"/>).</summary>
    public IReadOnlyList<string> SmokePaths { get; init; } = DefaultSmokePaths;

    /// <summary>Gets the canary policy.</summary>
    public CanaryPolicy Canary { get; init; } = new();

    /// <summary>Gets the approval policy.</summary>
    public ApprovalPolicy Approval { get; init; } = new();

    /// <summary>Gets how long production is watched after the swap.</summary>
    public TimeSpan GuardWindow { get; init; } = DefaultGuardWindow;

    /// <summary>Gets how often production is judged during the guard window.</summary>
    public TimeSpan GuardInterval { get; init; } = DefaultGuardInterval;

    /// <summary>Gets what a guard window that ends without a conclusive judgement leads to.</summary>
    public GuardWithoutEvidenceAction GuardWithoutEvidence { get; init; } = DefaultGuardWithoutEvidence;

    /// <summary>Gets a value indicating whether config diff findings block the release.</summary>
    public bool ConfigDiffBlocks { get; init; } = DefaultConfigDiffBlocks;

    /// <summary>Gets the age after which a pending swap-with-preview is reset; a younger one makes the upgrade refuse.</summary>
    public TimeSpan StalePreviewAfter { get; init; } = DefaultStalePreviewAfter;

    /// <summary>Returns this policy with every non-null override applied (lists replace, they do not merge).</summary>
    /// <param name="overrides">The overrides, or null.</param>
    /// <returns>The merged policy (not validated: call <see cref="Validate"/>).</returns>
    public UpgradePolicy Merge(UpgradePolicyOverrides? overrides)
    {
        if (overrides is null)
        {
            return this;
        }

        var w = overrides.Warmup;
        var c = overrides.Canary;
        var a = overrides.Approval;
        return this with
        {
            Warmup = w is null ? Warmup : Warmup with
            {
                Paths = w.Paths ?? Warmup.Paths,
                AllowedStatusCodes = w.AllowedStatusCodes ?? Warmup.AllowedStatusCodes,
                LatencyBound = w.LatencyBound ?? Warmup.LatencyBound,
                ConsecutivePasses = w.ConsecutivePasses ?? Warmup.ConsecutivePasses,
                Timeout = w.Timeout ?? Warmup.Timeout,
                ProbeInterval = w.ProbeInterval ?? Warmup.ProbeInterval,
            },
            SmokePaths = overrides.SmokePaths ?? SmokePaths,
            Canary = c is null ? Canary : Canary with
            {
                Enabled = c.Enabled ?? Canary.Enabled,
                Steps = c.Steps ?? Canary.Steps,
                StepInterval = c.StepInterval ?? Canary.StepInterval,
                Judge = Canary.Judge with
                {
                    ConfidenceLevel = c.ConfidenceLevel ?? Canary.Judge.ConfidenceLevel,
                    PassThreshold = c.PassThreshold ?? Canary.Judge.PassThreshold,
                    MarginalThreshold = c.MarginalThreshold ?? Canary.Judge.MarginalThreshold,
                },
            },
            Approval = a is null ? Approval : Approval with
            {
                Required = a.Required ?? Approval.Required,
                Timeout = a.Timeout ?? Approval.Timeout,
                OnTimeout = a.OnTimeout ?? Approval.OnTimeout,
            },
            GuardWindow = overrides.GuardWindow ?? GuardWindow,
            GuardInterval = overrides.GuardInterval ?? GuardInterval,
            GuardWithoutEvidence = overrides.GuardWithoutEvidence ?? GuardWithoutEvidence,
            ConfigDiffBlocks = overrides.ConfigDiffBlocks ?? ConfigDiffBlocks,
            StalePreviewAfter = overrides.StalePreviewAfter ?? StalePreviewAfter,
        };
    }

    /// <summary>Validates every field; the paths are camelCase JSON paths relative to the policy object.</summary>
    /// <returns>The errors; empty when the policy is valid.</returns>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Add(string path, string message) => errors.Add(new FieldError(path, message));

        if (Warmup is null)
        {
            Add("warmup", "The warm-up policy is required.");
        }
        else
        {
            ValidatePaths(Warmup.Paths, "warmup.paths", requireOne: true, Add);
            if (Warmup.AllowedStatusCodes is null || Warmup.AllowedStatusCodes.Count == 0)
            {
                Add("warmup.allowedStatusCodes", "At least one status code is required.");
            }
            else
            {
                for (int i = 0; i < Warmup.AllowedStatusCodes.Count; i++)
                {
                    if (Warmup.AllowedStatusCodes[i] is < 100 or > 599)
                    {
                        Add(Indexed("warmup.allowedStatusCodes", i), "A status code must lie in 100-599.");
                    }
                }
            }

            Positive(Warmup.LatencyBound, "warmup.latencyBound", Add);
            if (Warmup.ConsecutivePasses < 1)
            {
                Add("warmup.consecutivePasses", "At least one pass is required.");
            }

            Positive(Warmup.Timeout, "warmup.timeout", Add);
            Positive(Warmup.ProbeInterval, "warmup.probeInterval", Add);
            if (Warmup.ProbeInterval >= Warmup.Timeout && Warmup.Timeout > TimeSpan.Zero)
            {
                Add("warmup.probeInterval", "The probe interval must be shorter than the timeout.");
            }
        }

        ValidatePaths(SmokePaths, "smokePaths", requireOne: false, Add);

        if (Canary is null)
        {
            Add("canary", "The canary policy is required.");
        }
        else
        {
            ValidateSteps(Canary, Add);
            Positive(Canary.StepInterval, "canary.stepInterval", Add);
            if (Canary.Judge is null)
            {
                Add("canary.judge", "The judge configuration is required.");
            }
            else
            {
                foreach (var (path, message) in CanaryJudgeConfigRules.Problems(Canary.Judge))
                {
                    Add($"canary.judge.{path}", message);
                }
            }
        }

        if (Approval is null)
        {
            Add("approval", "The approval policy is required.");
        }
        else
        {
            Positive(Approval.Timeout, "approval.timeout", Add);
            if (!Enum.IsDefined(Approval.OnTimeout))
            {
                Add("approval.onTimeout", "Must be Proceed or Abort.");
            }
        }

        if (GuardWindow < TimeSpan.Zero)
        {
            Add("guardWindow", "The guard window must not be negative (zero turns it off).");
        }

        Positive(GuardInterval, "guardInterval", Add);
        if (GuardWindow > TimeSpan.Zero && GuardInterval > GuardWindow)
        {
            Add("guardInterval", "The guard interval must not exceed the guard window.");
        }

        if (!Enum.IsDefined(GuardWithoutEvidence))
        {
            Add("guardWithoutEvidence", "Must be SwapBack or Promote.");
        }

        Positive(StalePreviewAfter, "stalePreviewAfter", Add);
        return errors;
    }

    private static void ValidatePaths(IReadOnlyList<string>? paths, string field, bool requireOne, Action<string, string> add)
    {
        if (paths is null || (requireOne && paths.Count == 0))
        {
            add(field, requireOne ? "At least one path is required." : "The list is required (it may be empty).");
            return;
        }

        for (int i = 0; i < paths.Count; i++)
        {
            string? path = paths[i];
            if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Any(char.IsWhiteSpace) || path.Contains("://", StringComparison.Ordinal))
            {
                add(Indexed(field, i), "A path must start with '/' and contain no whitespace or scheme.");
            }
        }
    }

    private static void ValidateSteps(CanaryPolicy canary, Action<string, string> add)
    {
        if (canary.Steps is null || (canary.Enabled && canary.Steps.Count == 0))
        {
            add("canary.steps", "At least one step is required when the canary is enabled.");
            return;
        }

        for (int i = 0; i < canary.Steps.Count; i++)
        {
            double step = canary.Steps[i];
            if (!(step > 0 && step < 100))
            {
                add(Indexed("canary.steps", i), "A step is a routing percentage strictly between 0 and 100.");
            }
            else if (i > 0 && step <= canary.Steps[i - 1])
            {
                add(Indexed("canary.steps", i), "Steps must increase.");
            }
        }
    }

    private static void Positive(TimeSpan value, string field, Action<string, string> add)
    {
        if (value <= TimeSpan.Zero)
        {
            add(field, "Must be a positive duration.");
        }
    }

    private static string Indexed(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");
}
