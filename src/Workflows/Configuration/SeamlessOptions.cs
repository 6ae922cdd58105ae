using Microsoft.Extensions.Configuration;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.Upgrade;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Workflows.Configuration;

/// <summary>The <c>Seamless</c> options tree shared by both hosts (bound from appsettings, env or app settings).</summary>
public sealed class SeamlessOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Seamless";

    /// <summary>Gets the allow-list of managed sites and plans.</summary>
    public ManagedResourcesOptions Managed { get; init; } = new();

    /// <summary>Gets the HTTP API options.</summary>
    public ApiOptions Api { get; init; } = new();

    /// <summary>Gets the operator's upgrade policy defaults (merged over the built-in ones; a request may override).</summary>
    public UpgradePolicyOverrides? Upgrade { get; init; }

    /// <summary>Gets how the build deployed in a slot is identified (operator configuration only; a request cannot change it).</summary>
    public BuildIdentityPolicy BuildIdentity { get; init; } = new(); // A fresh instance: the binder writes into it.

    /// <summary>Gets the scale-in options.</summary>
    public ScaleInOptions ScaleIn { get; init; } = new();

    /// <summary>Gets how long alert markers, delivery records and journal entries are kept.</summary>
    public RetentionOptions Retention { get; init; } = new();

    /// <summary>Gets the outbound webhooks on release and scale events.</summary>
    public NotificationOptions Notifications { get; init; } = new();

    /// <summary>Validates the tree; returns one message per problem.</summary>
    /// <remarks>
    /// Written by hand rather than as data annotations with an <c>[OptionsValidator]</c>: most rules span fields
    /// (keys required only with <c>Keys</c> authentication, approver keys distinct from API keys, retention against the
    /// policy's windows), the scale-in and build-identity rules are Core's own (pure, also applied to per-request
    /// overrides), and each message names the configuration key, which is the one line a host prints at start-up.
    /// </remarks>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (int i = 0; i < Managed.Sites.Count; i++)
        {
            var id = AzureResourceId.TryParse(Managed.Sites[i], out string? error);
            if (id is null || !id.IsSite || id.Slot is not null)
            {
                errors.Add($"Seamless:Managed:Sites:{i} is not a site resource id: {error ?? "slots are not managed separately"}");
            }
        }

        for (int i = 0; i < Managed.Plans.Count; i++)
        {
            var id = AzureResourceId.TryParse(Managed.Plans[i], out string? error);
            if (id is null || !id.IsPlan)
            {
                errors.Add($"Seamless:Managed:Plans:{i} is not an App Service plan resource id: {error}");
            }
        }

        if (Api.Authentication == ApiAuthentication.Keys && Api.Keys.Count == 0)
        {
            errors.Add("Seamless:Api:Keys must hold at least one key when Seamless:Api:Authentication is Keys.");
        }

        if (Api.Keys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < ApiOptions.MinimumKeyLength))
        {
            errors.Add($"Seamless:Api:Keys entries must be at least {ApiOptions.MinimumKeyLength} characters.");
        }

        errors.AddRange(Api.ApproverKeyProblems());

        if (Api.SignatureTolerance < TimeSpan.FromSeconds(30) || Api.SignatureTolerance > TimeSpan.FromHours(1))
        {
            errors.Add("Seamless:Api:SignatureTolerance must be between 00:00:30 and 01:00:00.");
        }

        if (Api.MaxBodyBytes is < 1024 or > 4 * 1024 * 1024)
        {
            errors.Add("Seamless:Api:MaxBodyBytes must be between 1 KiB and 4 MiB.");
        }

        if (!string.IsNullOrEmpty(Api.PublicBaseUrl) && !ApiOptions.IsValidPublicBaseUrl(Api.PublicBaseUrl))
        {
            errors.Add("Seamless:Api:PublicBaseUrl must be an absolute http or https URL without user info, query or fragment (e.g. https://seamless.example.com).");
        }

        if (ScaleIn.SweepInterval is not null)
        {
            // Retired rather than honoured beside the schedule: two settings for one timer would disagree sooner or later.
            errors.Add($"Seamless:ScaleIn:SweepInterval is no longer read; remove it and set {ScaleInSchedule.SettingName} (6-field NCRONTAB, UTC), e.g. \"{ScaleInSchedule.DefaultExpression}\" for every minute (the default).");
        }

        errors.AddRange(BuildIdentity.Validate().Select(e => $"Seamless:BuildIdentity:{e.Field} {e.Message}"));
        errors.AddRange(ScaleIn.Policy.Validate().Select(e => $"Seamless:ScaleIn:Policy:{e.Field} {e.Message}"));
        errors.AddRange(Retention.Validate(ScaleIn.Policy));
        errors.AddRange(ScaleIn.PlanProblems(Managed.Plans.Select(p => AzureResourceId.TryParse(p, out _)).OfType<AzureResourceId>(), Retention));
        errors.AddRange(Notifications.Validate());
        return errors;
    }

    /// <summary>Returns true when the site is in the allow-list.</summary>
    public bool IsManagedSite(AzureResourceId site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return Managed.Sites.Any(s => AzureResourceId.TryParse(s, out _) is { } id && id.Equals(site.Site));
    }

    /// <summary>Returns true when the plan is in the allow-list.</summary>
    public bool IsManagedPlan(AzureResourceId plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Managed.Plans.Any(p => AzureResourceId.TryParse(p, out _) is { } id && id.Equals(plan));
    }
}

/// <summary>The allow-list.</summary>
public sealed class ManagedResourcesOptions
{
    /// <summary>Gets the managed site ids.</summary>
    public IList<string> Sites { get; init; } = [];

    /// <summary>Gets the managed plan ids.</summary>
    public IList<string> Plans { get; init; } = [];
}

/// <summary>How the API authenticates callers.</summary>
public enum ApiAuthentication
{
    /// <summary>Keys from <see cref="ApiOptions.Keys"/> in <c>x-functions-key</c> or <c>code</c>.</summary>
    Keys,

    /// <summary>The platform checks keys (Azure Functions with AuthorizationLevel.Function).</summary>
    Platform,
}

/// <summary>HTTP API options.</summary>
public sealed class ApiOptions
{
    /// <summary>Shortest accepted key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Default request body limit.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>Gets the authentication mode.</summary>
    public ApiAuthentication Authentication { get; init; } = ApiAuthentication.Keys;

    /// <summary>Gets the accepted API keys.</summary>
    public IList<string> Keys { get; init; } = [];

    /// <summary>
    /// Gets the keys that approve releases (<c>Seamless:Api:ApproverKeys</c>), distinct from <see cref="Keys"/>: when any
    /// is configured, only these approve, so the CI key that starts a release cannot approve it; they also read and
    /// abort. Empty, any API key approves — a CI key (or a leaked one) can then approve its own release.
    /// </summary>
    public IList<string> ApproverKeys { get; init; } = [];

    /// <summary>Gets the HMAC secret for CI deliveries; when set, unsigned deliveries are refused.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Gets the request body limit in bytes.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Gets the public base URL links (<c>Location</c>, <c>statusUri</c>) are built on, e.g. <c>https://seamless.example.com</c>;
    /// unset, links are relative (<c>/api/upgrades/{id}</c>). Never taken from the request's Host header.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>Returns true when <paramref name="value"/> is an absolute http(s) URL without user info, query or fragment.</summary>
    public static bool IsValidPublicBaseUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && !value!.Any(char.IsWhiteSpace);

    /// <summary>Default age a timestamped delivery signature may have (either way, for clock skew).</summary>
    public static readonly TimeSpan DefaultSignatureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Gets how old a timestamped delivery signature may be before it is refused as a replay.</summary>
    public TimeSpan SignatureTolerance { get; init; } = DefaultSignatureTolerance;

    /// <summary>Validates <see cref="ApproverKeys"/>: long enough, and none of them also an API key.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> ApproverKeyProblems()
    {
        var errors = new List<string>();
        if (ApproverKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < MinimumKeyLength))
        {
            errors.Add($"Seamless:Api:ApproverKeys entries must be at least {MinimumKeyLength} characters.");
        }

        if (ApproverKeys.Any(k => Keys.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add("Seamless:Api:ApproverKeys must not repeat a key of Seamless:Api:Keys: an approver key is what keeps a CI key from approving its own release.");
        }

        return errors;
    }
}

/// <summary>Scale-in options.</summary>
public sealed class ScaleInOptions
{
    /// <summary>The sweep interval the learned headroom covers when a scale-in input carries none (that of the default schedule).</summary>
    public static readonly TimeSpan DefaultSweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>Gets a value indicating whether the Host's timer sweeps.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Gets the retired <c>Seamless:ScaleIn:SweepInterval</c>: both hosts sweep on <see cref="ScaleInSchedule.SettingName"/>;
    /// set, start-up fails with a message saying so, rather than the setting being silently ignored.
    /// </summary>
    public TimeSpan? SweepInterval { get; init; }

    /// <summary>The name of the per-plan policies' section under <c>Seamless:ScaleIn</c>.</summary>
    public const string PlansSection = "Plans";

    /// <summary>Gets the scale-in policy of every managed plan that has none of its own in <see cref="Plans"/>.</summary>
    public ScaleInPolicy Policy { get; init; } = new(); // A fresh instance: the binder writes into it, and ScaleInPolicy.Default is shared.

    /// <summary>
    /// Gets the plans whose promise differs from <see cref="Policy"/> (<c>Seamless:ScaleIn:Plans:N:Plan</c> and
    /// <c>Seamless:ScaleIn:Plans:N:Policy:*</c>): each entry's keys are read over <c>Seamless:ScaleIn:Policy</c>
    /// (<see cref="LayerPlanPolicies"/>), so an entry states only what differs for its plan — an overload budget, a
    /// provisioning delay, the plan's bounds.
    /// </summary>
    public IList<PlanScaleInOptions> Plans { get; init; } = [];

    /// <summary>The policy <paramref name="plan"/> is evaluated with: its own entry's, else <see cref="Policy"/>.</summary>
    /// <param name="plan">A managed plan.</param>
    /// <returns>The policy.</returns>
    public ScaleInPolicy PolicyFor(AzureResourceId plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Plans.FirstOrDefault(p => p.Matches(plan))?.Policy ?? Policy;
    }

    /// <summary>Returns true when <paramref name="plan"/> has an entry of its own in <see cref="Plans"/>.</summary>
    /// <param name="plan">A managed plan.</param>
    /// <returns>Whether its policy is its own.</returns>
    public bool HasOwnPolicy(AzureResourceId plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Plans.Any(p => p.Matches(plan));
    }

    /// <summary>
    /// Reads each entry of <see cref="Plans"/> over the shared policy: the binder gave an entry's policy the built-in
    /// defaults for every key the entry leaves out, where the operator means the shared policy's value.
    /// </summary>
    /// <param name="scaleIn">The <c>Seamless:ScaleIn</c> configuration section.</param>
    public void LayerPlanPolicies(IConfiguration scaleIn)
    {
        ArgumentNullException.ThrowIfNull(scaleIn);
        // The binder filled Plans from these children in this order.
        var entries = scaleIn.GetSection(PlansSection).GetChildren().ToList();
        for (int i = 0; i < Plans.Count && i < entries.Count; i++)
        {
            var policy = new ScaleInPolicy();
            scaleIn.GetSection("Policy").Bind(policy);
            entries[i].GetSection("Policy").Bind(policy);
            Plans[i].Policy = policy;
        }
    }

    /// <summary>The problems of the per-plan entries, each naming its configuration key.</summary>
    /// <param name="managed">The managed plans (an entry must name one of them).</param>
    /// <param name="retention">The retention, checked against each plan's policy as against the shared one.</param>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> PlanProblems(IEnumerable<AzureResourceId> managed, RetentionOptions retention)
    {
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(retention);
        var errors = new List<string>();
        var allowed = managed.ToList();
        var seen = new Dictionary<AzureResourceId, int>();
        var shared = retention.Validate(Policy);
        for (int i = 0; i < Plans.Count; i++)
        {
            string key = $"Seamless:ScaleIn:{PlansSection}:{i}";
            var id = AzureResourceId.TryParse(Plans[i].Plan, out string? error);
            if (id is null || !id.IsPlan)
            {
                errors.Add($"{key}:Plan is not an App Service plan resource id: {error ?? Plans[i].Plan}");
            }
            else if (!allowed.Contains(id))
            {
                errors.Add($"{key}:Plan '{id}' is not in the managed allow-list (Seamless:Managed:Plans).");
            }
            else if (!seen.TryAdd(id, i))
            {
                errors.Add($"{key}:Plan names the plan of Seamless:ScaleIn:{PlansSection}:{seen[id]} again; one entry per plan.");
            }

            // The policy is checked whatever the plan id, so every problem of the entry is said at once; of the retention's,
            // only those the shared policy does not already raise.
            errors.AddRange(Plans[i].Policy.Validate().Select(e => $"{key}:Policy:{e.Field} {e.Message}"));
            errors.AddRange(retention.Validate(Plans[i].Policy).Except(shared).Select(e => $"{e} ({key})"));
        }

        return errors;
    }
}

/// <summary>One plan's own scale-in policy (<c>Seamless:ScaleIn:Plans:N</c>).</summary>
public sealed class PlanScaleInOptions
{
    /// <summary>Gets the plan's resource id (one of <c>Seamless:Managed:Plans</c>).</summary>
    public string Plan { get; init; } = string.Empty;

    /// <summary>
    /// Gets or sets the plan's policy: <c>Seamless:ScaleIn:Policy</c> with this entry's <c>Policy</c> keys over it (set by
    /// <see cref="ScaleInOptions.LayerPlanPolicies"/> once bound).
    /// </summary>
    public ScaleInPolicy Policy { get; set; } = new();

    /// <summary>Returns true when the entry names <paramref name="plan"/>.</summary>
    internal bool Matches(AzureResourceId plan) => AzureResourceId.TryParse(Plan, out _) is { } id && id.Equals(plan);
}
