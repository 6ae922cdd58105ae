namespace Seamless.Api.Requests;

/// <summary>What an approve or abort signal carries: <c>?by=&amp;reason=</c> as sent, and the fingerprint of the key that sent it.</summary>
/// <param name="By">The <c>by</c> query value (who sends the signal), raw.</param>
/// <param name="Reason">The <c>reason</c> query value (abort only), raw.</param>
/// <param name="KeyFingerprint">The presented key's <see cref="ApiKeyAuthenticator.Fingerprint"/>; null without a key.</param>
public sealed record UpgradeSignalRequest(string? By, string? Reason, string? KeyFingerprint)
{
    /// <summary>Reads the signal from the request (both hosts call this).</summary>
    public static UpgradeSignalRequest FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UpgradeSignalRequest(
            request.Query["by"].FirstOrDefault(),
            request.Query["reason"].FirstOrDefault(),
            ApiKeyAuthenticator.Fingerprint(request.HttpContext));
    }
}
