using Azure.Core;

namespace Seamless.Azure;

/// <summary>A credential that always returns the same token (simulator and tests only).</summary>
public sealed class StaticTokenCredential : TokenCredential
{
    private readonly string _token;

    /// <summary>Initializes a new instance of the <see cref="StaticTokenCredential"/> class.</summary>
    public StaticTokenCredential(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token;
    }

    /// <inheritdoc/>
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(_token, DateTimeOffset.MaxValue);

    /// <inheritdoc/>
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
