using System.Text.Json.Serialization;
using Seamless.Core.Payloads;

namespace Seamless.Core.Upgrade;

/// <summary>Where the build deployed in a slot is read from.</summary>
/// <remarks>
/// Both sources travel with the content when slots swap, so after a swap production reports the build it now runs:
/// an app setting that is not a slot (sticky) setting is swapped with the content, and so is the container image.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<BuildIdentitySource>))]
public enum BuildIdentitySource
{
    /// <summary>
    /// A non-sticky app setting CI sets on the slot with each deployment (default <see cref="BuildIdentityPolicy.DefaultAppSetting"/>);
    /// works for zip, run-from-package and container deployments alike.
    /// </summary>
    AppSetting,

    /// <summary>The slot's container image (<c>config/web</c> → <c>linuxFxVersion</c>, else <c>windowsFxVersion</c>): the tag, the digest or the whole reference.</summary>
    ContainerImage,

    /// <summary>
    /// Not identified: the requested version is only a label. Nothing can then prove what is swapped, so body-only signed
    /// deliveries are refused and outcomes say the build was not identified.
    /// </summary>
    None,
}

/// <summary>How builds are identified (operator configuration <c>Seamless:BuildIdentity</c>; a request cannot change it).</summary>
public sealed record BuildIdentityPolicy
{
    /// <summary>The default app setting name.</summary>
    public const string DefaultAppSetting = "SEAMLESS_BUILD_VERSION";

    /// <summary>The default source.</summary>
    public const BuildIdentitySource DefaultSource = BuildIdentitySource.AppSetting;

    /// <summary>Gets the policy with every default.</summary>
    public static BuildIdentityPolicy Default { get; } = new();

    /// <summary>Gets where builds are read from.</summary>
    public BuildIdentitySource Source { get; init; } = DefaultSource;

    /// <summary>Gets the app setting read when <see cref="Source"/> is <see cref="BuildIdentitySource.AppSetting"/>.</summary>
    public string AppSetting { get; init; } = DefaultAppSetting;

    /// <summary>Gets a value indicating whether builds are identified at all.</summary>
    [JsonIgnore]
    public bool Identifies => Source != BuildIdentitySource.None;

    /// <summary>Names the source for messages, e.g. "app setting SEAMLESS_BUILD_VERSION".</summary>
    public string Describe() => Source switch
    {
        BuildIdentitySource.AppSetting => $"app setting {AppSetting}",
        BuildIdentitySource.ContainerImage => "container image",
        _ => "no build identity",
    };

    /// <summary>Validates the policy; paths are relative to <c>Seamless:BuildIdentity</c>.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(Source))
        {
            errors.Add(new("source", "Must be AppSetting, ContainerImage or None."));
        }

        // App setting names: letters, digits, '_', '.', '-' (App Service refuses others on Linux).
        if (Source == BuildIdentitySource.AppSetting
            && (string.IsNullOrWhiteSpace(AppSetting) || AppSetting.Length > 128 || !AppSetting.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')))
        {
            errors.Add(new("appSetting", "Must be an app setting name: 1-128 letters, digits, '_', '.' or '-'."));
        }

        return errors;
    }
}

/// <summary>What a slot reported as its build.</summary>
/// <param name="Slot">The slot.</param>
/// <param name="Version">The version it reported; null when the source holds nothing.</param>
public sealed record ObservedBuild(string Slot, string? Version);

/// <summary>What the build identity check concluded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BuildIdentityOutcome>))]
public enum BuildIdentityOutcome
{
    /// <summary>The source slot holds the requested build and production does not: release it.</summary>
    Proceed,

    /// <summary>Production already runs the requested build: nothing to do.</summary>
    AlreadyServing,

    /// <summary>The source slot holds another build than the one requested.</summary>
    Mismatch,

    /// <summary>The source slot's build could not be identified (the source is empty).</summary>
    Unidentified,

    /// <summary>The app setting is a slot (sticky) setting, so it would not travel with the build.</summary>
    Misconfigured,

    /// <summary>Builds are not identified (<see cref="BuildIdentitySource.None"/>): the version is a label only.</summary>
    NotChecked,
}

/// <summary>The verdict of the build identity check.</summary>
/// <param name="Outcome">What was concluded.</param>
/// <param name="Message">A human explanation naming the observed versions.</param>
/// <param name="Requested">The version the request named.</param>
/// <param name="Source">What the source slot reported (null when not checked).</param>
/// <param name="Target">What production reported (null when not checked).</param>
public sealed record BuildIdentityVerdict(BuildIdentityOutcome Outcome, string Message, string Requested, ObservedBuild? Source, ObservedBuild? Target)
{
    /// <summary>Gets a value indicating whether the release may go on.</summary>
    [JsonIgnore]
    public bool Proceeds => Outcome is BuildIdentityOutcome.Proceed or BuildIdentityOutcome.NotChecked;
}

/// <summary>Decides, before anything is written, whether the requested build is the one in the source slot and not already in production.</summary>
public static class BuildIdentityGate
{
    /// <summary>Evaluates what the slots reported against the request.</summary>
    /// <param name="policy">How builds are identified.</param>
    /// <param name="requested">The version the request named.</param>
    /// <param name="source">What the source slot reported (ignored when the policy identifies nothing).</param>
    /// <param name="target">What the target slot reported.</param>
    /// <param name="stickyAppSettings">The site's slot (sticky) app setting names.</param>
    /// <returns>The verdict; only <see cref="BuildIdentityVerdict.Proceeds"/> lets the release go on.</returns>
    public static BuildIdentityVerdict Evaluate(BuildIdentityPolicy policy, string requested, ObservedBuild? source, ObservedBuild? target, IReadOnlyCollection<string> stickyAppSettings)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(requested);
        ArgumentNullException.ThrowIfNull(stickyAppSettings);
        if (!policy.Identifies)
        {
            return new(BuildIdentityOutcome.NotChecked, $"builds are not identified (Seamless:BuildIdentity:Source is None): '{requested}' is the request's label, not an observed version", requested, null, null);
        }

        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (policy.Source == BuildIdentitySource.AppSetting && stickyAppSettings.Contains(policy.AppSetting, StringComparer.OrdinalIgnoreCase))
        {
            return new(
                BuildIdentityOutcome.Misconfigured,
                $"{policy.Describe()} is a slot setting, so it stays with the slot instead of travelling with the build; remove it from the slot settings",
                requested,
                source,
                target);
        }

        if (Matches(policy, requested, target.Version))
        {
            return new(BuildIdentityOutcome.AlreadyServing, $"{target.Slot} already runs {target.Version} ({policy.Describe()}); nothing to release", requested, source, target);
        }

        if (string.IsNullOrWhiteSpace(source.Version))
        {
            return new(
                BuildIdentityOutcome.Unidentified,
                $"the build in {source.Slot} could not be identified: its {policy.Describe()} is not set (CI sets it with each deployment); requested {requested}",
                requested,
                source,
                target);
        }

        if (!Matches(policy, requested, source.Version))
        {
            return new(BuildIdentityOutcome.Mismatch, $"{source.Slot} runs {source.Version}, not the requested {requested} ({policy.Describe()})", requested, source, target);
        }

        string previous = string.IsNullOrWhiteSpace(target.Version) ? "an unidentified build" : target.Version;
        return new(BuildIdentityOutcome.Proceed, $"{source.Slot} runs {source.Version} ({policy.Describe()}); {target.Slot} runs {previous}", requested, source, target);
    }

    /// <summary>
    /// Whether an observed value names the requested build: exactly, or for a container image, its tag or digest
    /// (<c>DOCKER|registry/app:v12</c> matches <c>v12</c>, <c>registry/app:v12</c> and the whole value).
    /// </summary>
    public static bool Matches(BuildIdentityPolicy policy, string requested, string? observed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(observed) || string.IsNullOrWhiteSpace(requested))
        {
            return false;
        }

        string value = observed.Trim();
        if (string.Equals(value, requested, StringComparison.Ordinal))
        {
            return true;
        }

        if (policy.Source != BuildIdentitySource.ContainerImage)
        {
            return false;
        }

        // "DOCKER|registry/app:tag" → "registry/app:tag" → "tag" (or the digest after '@').
        string image = value[(value.IndexOf('|', StringComparison.Ordinal) + 1)..];
        if (string.Equals(image, requested, StringComparison.Ordinal))
        {
            return true;
        }

        int at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return string.Equals(image[(at + 1)..], requested, StringComparison.Ordinal);
        }

        int slash = image.LastIndexOf('/');
        int colon = image.LastIndexOf(':');
        return colon > slash && string.Equals(image[(colon + 1)..], requested, StringComparison.Ordinal);
    }
}
