using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Seamless.Core.Resources;

namespace Seamless.Core.Notifications;

/// <summary>Builds the events Seamless notifies (pure: ids and times come in as arguments).</summary>
public static class NotificationEvents
{
    /// <summary>A release started.</summary>
    /// <param name="instanceId">The upgrade's orchestration instance id.</param>
    /// <param name="siteId">The site resource id.</param>
    /// <param name="version">The version requested.</param>
    /// <param name="strategy">swap or canary.</param>
    /// <param name="at">Orchestration time.</param>
    public static NotificationEvent UpgradeStarted(string instanceId, string siteId, string version, string strategy, DateTimeOffset at)
    {
        string site = NameOf(siteId);
        return Create(instanceId, NotificationEventTypes.UpgradeStarted, siteId, site, at, $"Seamless: release of {version} to {site} started ({strategy}).", new Dictionary<string, string?>
        {
            ["upgradeId"] = instanceId,
            ["site"] = siteId,
            ["version"] = version,
            ["strategy"] = strategy,
        });
    }

    /// <summary>A release ended.</summary>
    /// <param name="instanceId">The upgrade's orchestration instance id.</param>
    /// <param name="siteId">The site resource id.</param>
    /// <param name="version">The version requested.</param>
    /// <param name="outcome">Promoted, AlreadyServing, RolledBack, Rejected, Aborted or Failed.</param>
    /// <param name="reason">Why it ended so.</param>
    /// <param name="sourceBuild">The build observed in the source slot, when identified.</param>
    /// <param name="targetBuild">The build observed in the target slot before the release, when identified.</param>
    /// <param name="at">Orchestration time.</param>
    public static NotificationEvent UpgradeFinished(
        string instanceId, string siteId, string version, string outcome, string reason, string? sourceBuild, string? targetBuild, DateTimeOffset at)
    {
        string site = NameOf(siteId);
        return Create(instanceId, NotificationEventTypes.UpgradeFinished, siteId, site, at, $"Seamless: release of {version} to {site} {outcome}: {reason}", new Dictionary<string, string?>
        {
            ["upgradeId"] = instanceId,
            ["site"] = siteId,
            ["version"] = version,
            ["outcome"] = outcome,
            ["reason"] = reason,
            ["sourceBuild"] = sourceBuild,
            ["targetBuild"] = targetBuild,
        });
    }

    /// <summary>A scale-in step ended: <c>scaled-in</c> (kept) or <c>reverted</c>.</summary>
    /// <param name="instanceId">The scale-in orchestration instance id (one per plan, so the time is part of the id).</param>
    /// <param name="planId">The plan resource id.</param>
    /// <param name="outcome">scaled-in or reverted.</param>
    /// <param name="fromCapacity">Instances before the step.</param>
    /// <param name="toCapacity">Instances the step went to.</param>
    /// <param name="message">Why (the verification verdict).</param>
    /// <param name="at">Orchestration time.</param>
    public static NotificationEvent ScaleInFinished(string instanceId, string planId, string outcome, int fromCapacity, int toCapacity, string message, DateTimeOffset at)
    {
        string plan = NameOf(planId);
        string summary = outcome == "reverted"
            ? $"Seamless: scale-in of {plan} {fromCapacity} → {toCapacity} reverted: {message}"
            : $"Seamless: {plan} scaled in {fromCapacity} → {toCapacity}: {message}";
        return Create(instanceId, NotificationEventTypes.ScaleInFinished, planId, plan, at, summary, new Dictionary<string, string?>
        {
            ["plan"] = planId,
            ["outcome"] = outcome,
            ["fromCapacity"] = fromCapacity.ToString(CultureInfo.InvariantCulture),
            ["toCapacity"] = toCapacity.ToString(CultureInfo.InvariantCulture),
            ["message"] = message,
        });
    }

    /// <summary>An alert scaled a plan out.</summary>
    /// <param name="instanceId">The scale-out orchestration instance id.</param>
    /// <param name="planId">The plan resource id.</param>
    /// <param name="fromCapacity">Instances before.</param>
    /// <param name="toCapacity">Instances after.</param>
    /// <param name="reason">The alert that asked for it.</param>
    /// <param name="at">Orchestration time.</param>
    public static NotificationEvent ScaleOut(string instanceId, string planId, int fromCapacity, int toCapacity, string reason, DateTimeOffset at)
    {
        string plan = NameOf(planId);
        return Create(instanceId, NotificationEventTypes.ScaleOut, planId, plan, at, $"Seamless: {plan} scaled out {fromCapacity} → {toCapacity}: {reason}", new Dictionary<string, string?>
        {
            ["plan"] = planId,
            ["fromCapacity"] = fromCapacity.ToString(CultureInfo.InvariantCulture),
            ["toCapacity"] = toCapacity.ToString(CultureInfo.InvariantCulture),
            ["reason"] = reason,
        });
    }

    /// <summary>A plan's promise turned (<see cref="ScaleIn.Headroom.PromiseWatch"/>).</summary>
    /// <param name="instanceId">The sweep's orchestration instance id.</param>
    /// <param name="planId">The plan resource id.</param>
    /// <param name="change">The turn and the account behind it.</param>
    /// <param name="at">Orchestration time.</param>
    public static NotificationEvent Promise(string instanceId, string planId, ScaleIn.Headroom.PromiseChange change, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(change);
        string plan = NameOf(planId);
        var account = change.Account;
        return Create(instanceId, NotificationEventTypes.Promise, planId, plan, at, $"Seamless: {plan}: {change.Message}", new Dictionary<string, string?>
        {
            ["plan"] = planId,
            ["outcome"] = change.Turn == ScaleIn.Headroom.PromiseTurn.Missed ? "missed" : "kept",
            ["budgetPercent"] = account.BudgetPercent.ToString(CultureInfo.InvariantCulture),
            ["overloadedMinutes"] = account.OverloadedMinutes.ToString(CultureInfo.InvariantCulture),
            ["minutes"] = account.Minutes.ToString(CultureInfo.InvariantCulture),
            ["overloadPercent"] = account.OverloadPercent.ToString(CultureInfo.InvariantCulture),
            ["allowedMinutes"] = account.AllowedMinutes.ToString(CultureInfo.InvariantCulture),
            ["lastDayOverloadedMinutes"] = account.LastDayOverloadedMinutes.ToString(CultureInfo.InvariantCulture),
            ["from"] = account.From.ToString("O", CultureInfo.InvariantCulture),
            ["through"] = account.Through.ToString("O", CultureInfo.InvariantCulture),
            ["minimumToKeepBudget"] = change.MinimumToKeepBudget?.ToString(CultureInfo.InvariantCulture),
            ["message"] = change.Message,
        });
    }

    /// <summary>The deterministic event id: a hash of the instance, the type and the orchestration time.</summary>
    public static string EventId(string instanceId, string type, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(type);
        string key = string.Create(CultureInfo.InvariantCulture, $"{instanceId}|{type}|{at.UtcTicks}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static NotificationEvent Create(string instanceId, string type, string source, string subject, DateTimeOffset at, string summary, Dictionary<string, string?> data) =>
        new(EventId(instanceId, type, at), type, source, subject, at.ToUniversalTime(), summary, data);

    private static string NameOf(string resourceId) =>
        AzureResourceId.TryParse(resourceId, out _) is { } id ? id.Name : resourceId;
}
