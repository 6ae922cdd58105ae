using System.Text.Json.Serialization;
using Seamless.Core.Model;

namespace Seamless.Core.Upgrade;

/// <summary>Outcome of the slot configuration diff.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConfigDiffOutcome>))]
public enum ConfigDiffOutcome
{
    /// <summary>Nothing the swap would break.</summary>
    Ok,

    /// <summary>Something worth reporting; the release goes on.</summary>
    Warn,

    /// <summary>The policy forbids going on.</summary>
    Block,
}

/// <summary>Why the diff got its outcome (for Warn and Block: the first finding by severity).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConfigDiffReason>))]
public enum ConfigDiffReason
{
    /// <summary>Both slots have the same setting names.</summary>
    Identical,

    /// <summary>The names differ in ways the swap handles (new settings, sticky settings the swap applies).</summary>
    CompatibleDifferences,

    /// <summary>A sticky setting the new build has in the source slot is missing in the target: it will not follow the swap.</summary>
    StickyMissingInTarget,

    /// <summary>A non-sticky setting of the target is missing in the source: production loses it with the swap.</summary>
    SettingsRemovedBySwap,
}

/// <summary>Which findings block the release.</summary>
/// <param name="BlockOnMissingSticky">Block when a sticky setting is missing in the target.</param>
/// <param name="BlockOnRemovedSettings">Block when the swap would remove a non-sticky setting from the target.</param>
public sealed record ConfigDiffPolicy(bool BlockOnMissingSticky = false, bool BlockOnRemovedSettings = false)
{
    /// <summary>Gets a policy that only warns.</summary>
    public static ConfigDiffPolicy WarnOnly { get; } = new();

    /// <summary>Gets a policy that blocks on every finding.</summary>
    public static ConfigDiffPolicy Blocking { get; } = new(BlockOnMissingSticky: true, BlockOnRemovedSettings: true);

    /// <summary>Returns the policy of <see cref="UpgradePolicy.ConfigDiffBlocks"/>.</summary>
    /// <param name="blocks">Whether the diff blocks.</param>
    /// <returns><see cref="Blocking"/> or <see cref="WarnOnly"/>.</returns>
    public static ConfigDiffPolicy FromBlocks(bool blocks) => blocks ? Blocking : WarnOnly;
}

/// <summary>The slot configuration diff: setting names only, never values.</summary>
/// <param name="OnlyInSource">Names in the source slot only.</param>
/// <param name="OnlyInTarget">Names in the target slot only.</param>
/// <param name="StickyMissingInSource">Sticky names the target has and the source lacks (the swap's phase 1 applies them: informational).</param>
/// <param name="StickyMissingInTarget">Sticky names the source has and the target lacks (they stay behind: the build loses them).</param>
/// <param name="RemovedBySwap">Non-sticky names of the target the source lacks (production loses them).</param>
/// <param name="Outcome">Ok, Warn or Block.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A human explanation naming the settings.</param>
public sealed record ConfigDiffReport(
    IReadOnlyList<string> OnlyInSource,
    IReadOnlyList<string> OnlyInTarget,
    IReadOnlyList<string> StickyMissingInSource,
    IReadOnlyList<string> StickyMissingInTarget,
    IReadOnlyList<string> RemovedBySwap,
    ConfigDiffOutcome Outcome,
    ConfigDiffReason Reason,
    string Message);

/// <summary>Compares the setting names of the source and target slots of a swap.</summary>
/// <remarks>
/// A swap moves non-sticky settings with the code and leaves sticky (slot) settings with the slot. Names are
/// compared case-insensitively, as App Service treats them; results are sorted for stable reports.
/// </remarks>
public static class ConfigDiff
{
    /// <summary>Compares setting names.</summary>
    /// <param name="sourceSettingNames">Names in the source slot (the new build).</param>
    /// <param name="targetSettingNames">Names in the target slot (production).</param>
    /// <param name="sticky">The sticky names (app settings and connection strings).</param>
    /// <param name="policy">What blocks; warn-only when null.</param>
    /// <returns>The report with its verdict.</returns>
    public static ConfigDiffReport Compare(
        IReadOnlyList<string> sourceSettingNames,
        IReadOnlyList<string> targetSettingNames,
        SlotConfigNames sticky,
        ConfigDiffPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(sourceSettingNames);
        ArgumentNullException.ThrowIfNull(targetSettingNames);
        ArgumentNullException.ThrowIfNull(sticky);
        policy ??= ConfigDiffPolicy.WarnOnly;

        var comparer = StringComparer.OrdinalIgnoreCase;
        var source = new HashSet<string>(sourceSettingNames, comparer);
        var target = new HashSet<string>(targetSettingNames, comparer);
        var stickyNames = new HashSet<string>((sticky.AppSettingNames ?? []).Concat(sticky.ConnectionStringNames ?? []), comparer);

        var onlyInSource = Sorted(source.Where(n => !target.Contains(n)));
        var onlyInTarget = Sorted(target.Where(n => !source.Contains(n)));
        var stickyMissingInSource = Sorted(onlyInTarget.Where(stickyNames.Contains));
        var stickyMissingInTarget = Sorted(onlyInSource.Where(stickyNames.Contains));
        var removedBySwap = Sorted(onlyInTarget.Where(n => !stickyNames.Contains(n)));

        var findings = new List<(ConfigDiffReason Reason, bool Blocks, string Text)>();
        if (stickyMissingInTarget.Count > 0)
        {
            findings.Add((ConfigDiffReason.StickyMissingInTarget, policy.BlockOnMissingSticky, $"sticky settings missing in the target, the build loses them: {string.Join(", ", stickyMissingInTarget)}"));
        }

        if (removedBySwap.Count > 0)
        {
            findings.Add((ConfigDiffReason.SettingsRemovedBySwap, policy.BlockOnRemovedSettings, $"settings the swap removes from the target: {string.Join(", ", removedBySwap)}"));
        }

        ConfigDiffOutcome outcome;
        ConfigDiffReason reason;
        string message;
        if (findings.Count == 0)
        {
            outcome = ConfigDiffOutcome.Ok;
            bool identical = onlyInSource.Count == 0 && onlyInTarget.Count == 0;
            reason = identical ? ConfigDiffReason.Identical : ConfigDiffReason.CompatibleDifferences;
            message = identical
                ? "Both slots have the same setting names."
                : $"Compatible differences: new in source [{string.Join(", ", onlyInSource)}]; sticky applied from target [{string.Join(", ", stickyMissingInSource)}].";
        }
        else
        {
            var blocking = findings.Where(f => f.Blocks).ToList();
            outcome = blocking.Count > 0 ? ConfigDiffOutcome.Block : ConfigDiffOutcome.Warn;
            reason = (blocking.Count > 0 ? blocking[0] : findings[0]).Reason;
            message = $"{(outcome == ConfigDiffOutcome.Block ? "Blocked" : "Warning")}: {string.Join("; ", findings.Select(f => f.Text))}.";
        }

        return new ConfigDiffReport(onlyInSource, onlyInTarget, stickyMissingInSource, stickyMissingInTarget, removedBySwap, outcome, reason, message);
    }

    private static List<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.OrdinalIgnoreCase).ToList();
}
