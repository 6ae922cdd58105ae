using System.Security.Cryptography;
using System.Text;
using Seamless.Core.Resources;

namespace Seamless.Workflows;

/// <summary>Deterministic instance ids and state keys derived from resource ids.</summary>
public static class InstanceIds
{
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

    /// <summary>Instance id of the scale-out for one alert firing.</summary>
    public static string ScaleOut(AzureResourceId plan, string alertKey)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"scale-out:{plan.Name.ToLowerInvariant()}:{Hash(plan + "|" + alertKey, 12)}";
    }

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
}
