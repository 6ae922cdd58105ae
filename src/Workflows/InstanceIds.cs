using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Seamless.Core.Resources;

namespace Seamless.Workflows;

/// <summary>Deterministic instance ids and state keys derived from resource ids.</summary>
public static partial class InstanceIds
{
    /// <summary>
    /// The shape of an id <see cref="Upgrade"/> makes: the lower-case site name and 12 hex digits. The API refuses
    /// anything else before it asks the engine, and the OpenAPI document is checked against it (\z, not $: '$' also
    /// matches before a final newline).
    /// </summary>
    public const string UpgradePattern = @"^upgrade:[a-z0-9][a-z0-9-]{0,59}:[0-9a-f]{12}\z";

    /// <summary>Whether <paramref name="id"/> has the shape of an upgrade id (<see cref="UpgradePattern"/>).</summary>
    public static bool IsUpgrade(string? id) => id is not null && UpgradeRegex().IsMatch(id);

    /// <summary>Instance id of the upgrade started by delivery <paramref name="deliveryId"/> on a site.</summary>
    public static string Upgrade(AzureResourceId site, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(site);
        return $"upgrade:{site.Name.ToLowerInvariant()}:{Hash(site.Site + "|" + deliveryId, 12)}";
    }

    /// <summary>Instance id of a plan's scale-in orchestration (one per plan).</summary>
    public static string ScaleIn(AzureResourceId plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"scale-in:{plan.Name.ToLowerInvariant()}:{Key(plan)}";
    }

    /// <summary>The prefix of every id <see cref="ScaleOut"/> makes.</summary>
    public const string ScaleOutPrefix = "scale-out:";

    /// <summary>Instance id of the scale-out for one alert firing.</summary>
    public static string ScaleOut(AzureResourceId plan, string alertKey)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"{ScaleOutPrefix}{plan.Name.ToLowerInvariant()}:{Hash(plan + "|" + alertKey, 12)}";
    }

    /// <summary>Whether <paramref name="id"/> is an alert fast path's instance id (<see cref="ScaleOut"/>).</summary>
    public static bool IsScaleOut(string? id) => id is not null && id.StartsWith(ScaleOutPrefix, StringComparison.Ordinal);

    /// <summary>A short stable key for a resource (case-insensitive).</summary>
    public static string Key(AzureResourceId resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Hash(resource.ToString().ToLowerInvariant(), 16);
    }

    /// <summary>A short stable hash of a string (hex SHA-256 prefix).</summary>
    public static string Hash(string value, int length)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(value.ToLowerInvariant()));
        return Convert.ToHexStringLower(digest)[..length];
    }

    [GeneratedRegex(UpgradePattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UpgradeRegex();
}
