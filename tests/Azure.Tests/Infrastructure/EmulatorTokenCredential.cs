using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>
/// Stands in for the managed identity: hands out an unsigned JWT shaped like an Entra ID token for
/// Storage, which Azurite's <c>--oauth basic</c> accepts (it checks lifetime, an Entra issuer prefix and
/// a Storage audience, not the signature). Records the scopes it was asked for.
/// </summary>
public sealed class EmulatorTokenCredential : TokenCredential
{
    /// <summary>The audience of a real Storage token.</summary>
    public const string StorageAudience = "https://storage.azure.com";

    private readonly ConcurrentQueue<string> _scopes = new();
    private readonly DateTimeOffset _expiresOn;

    public EmulatorTokenCredential(string audience = StorageAudience)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _expiresOn = now.AddHours(1);
        long issuedAt = now.AddMinutes(-5).ToUnixTimeSeconds();
        string header = Encode(new { alg = "none", typ = "JWT" });
        string payload = Encode(new
        {
            aud = audience,
            iss = "https://sts.windows.net/00000000-0000-0000-0000-00000000feed/",
            iat = issuedAt,
            nbf = issuedAt,
            exp = _expiresOn.ToUnixTimeSeconds(),
            oid = "00000000-0000-0000-0000-0000000000aa",
        });
        Token = $"{header}.{payload}.";
    }

    /// <summary>Gets the token every request carries.</summary>
    public string Token { get; }

    /// <summary>Gets the scopes requested so far.</summary>
    public IReadOnlyList<string> Scopes => _scopes.ToArray();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (string scope in requestContext.Scopes)
        {
            _scopes.Enqueue(scope);
        }

        return new AccessToken(Token, _expiresOn);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));

    private static string Encode(object value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
