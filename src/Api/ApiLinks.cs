namespace Seamless.Api;

/// <summary>
/// Links the API hands out (<c>Location</c>, <c>statusUri</c>, conflict links). They are built from the
/// configured public base URL (<c>Seamless:Api:PublicBaseUrl</c>) or are relative, never from the request:
/// its <c>Host</c> header is the caller's to choose, and a reflected host sends the next client elsewhere.
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
    public static string Upgrade(string? publicBaseUrl, string id) =>
        string.IsNullOrWhiteSpace(publicBaseUrl) ? UpgradePath(id) : publicBaseUrl.TrimEnd('/') + UpgradePath(id);
}
