namespace Seamless.Api;

/// <summary>
/// Links the API hands out (<c>Location</c>, <c>statusUri</c>, conflict links, <c>links</c> of list items). They are
/// built from the configured public base URL (<c>Seamless:Api:PublicBaseUrl</c>) or are relative, never from the
/// request: its <c>Host</c> header is the caller's to choose, and a reflected host sends the next client elsewhere.
/// </summary>
public static class ApiLinks
{
    /// <summary>The path of an upgrade's status resource, relative to the host root.</summary>
    public static string UpgradePath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "/api/upgrades/" + Uri.EscapeDataString(id);
    }

    /// <summary>The link to an upgrade: absolute under <paramref name="publicBaseUrl"/> when one is configured, else relative.</summary>
    public static string Upgrade(string? publicBaseUrl, string id) => Absolute(publicBaseUrl, UpgradePath(id));

    /// <summary>The link that approves an upgrade.</summary>
    public static string Approve(string? publicBaseUrl, string id) => Absolute(publicBaseUrl, UpgradePath(id) + "/approve");

    /// <summary>The link that aborts an upgrade.</summary>
    public static string Abort(string? publicBaseUrl, string id) => Absolute(publicBaseUrl, UpgradePath(id) + "/abort");

    /// <summary>The link to a managed plan's fleet state (by plan name).</summary>
    public static string Plan(string? publicBaseUrl, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Absolute(publicBaseUrl, "/api/plans/" + Uri.EscapeDataString(name));
    }

    /// <summary>The link to a plan's decision journal.</summary>
    public static string Decisions(string? publicBaseUrl, string planId)
    {
        ArgumentException.ThrowIfNullOrEmpty(planId);
        return Absolute(publicBaseUrl, "/api/scale-in/decisions?plan=" + Uri.EscapeDataString(planId));
    }

    private static string Absolute(string? publicBaseUrl, string path) =>
        string.IsNullOrWhiteSpace(publicBaseUrl) ? path : publicBaseUrl.TrimEnd('/') + path;
}
