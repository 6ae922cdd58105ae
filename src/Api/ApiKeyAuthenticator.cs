using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;

namespace Seamless.Api;

/// <summary>
/// Checks the API key in the <c>x-functions-key</c> header or <c>code</c> query (the Azure Functions
/// convention, so one client works with both hosts). Comparison is constant-time.
/// </summary>
public sealed class ApiKeyAuthenticator(IOptions<SeamlessOptions> options)
{
    /// <summary>The key header.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The key query parameter.</summary>
    public const string KeyQuery = "code";

    /// <summary>Returns a 401 problem when the request carries no valid key, else null.</summary>
    public IResult? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var api = options.Value.Api;
        if (api.Authentication == ApiAuthentication.Platform)
        {
            return null;
        }

        string? presented = context.Request.Headers[KeyHeader].FirstOrDefault() ?? context.Request.Query[KeyQuery].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return ApiProblems.Unauthorized($"Send an API key in the '{KeyHeader}' header or the '{KeyQuery}' query parameter.");
        }

        byte[] presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        bool match = false;
        foreach (string key in api.Keys)
        {
            // Hashing first makes every comparison the same length; FixedTimeEquals keeps it constant-time.
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match ? null : ApiProblems.Unauthorized("The API key is not valid.");
    }
}
