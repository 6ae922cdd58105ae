using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;

namespace Seamless.Api;

/// <summary>
/// Checks the API key in the <c>x-functions-key</c> header or <c>code</c> query (the Azure Functions
/// convention, so one client works with both hosts). Comparison is constant-time.
/// </summary>
/// <remarks>
/// Two kinds of key. <see cref="ApiOptions.Keys"/> are for CI and automation: every route. <see cref="ApiOptions.ApproverKeys"/>,
/// when configured, are the only keys that approve a release, so the CI key that started a release cannot approve it;
/// they also read (GET) and abort, and nothing else. Without approver keys any API key approves (the behaviour before
/// approver keys existed): a leaked CI key can then start and approve its own release — configure approver keys.
/// </remarks>
public sealed class ApiKeyAuthenticator(IOptions<SeamlessOptions> options)
{
    /// <summary>The key header.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The key query parameter.</summary>
    public const string KeyQuery = "code";

    /// <summary>Hex digits of a key's fingerprint.</summary>
    public const int FingerprintLength = 8;

    private enum KeyKind
    {
        None,
        Api,
        Approver,
    }

    /// <summary>
    /// The one key check of every protected route, in both hosts (<see cref="ApiKeyFilter"/> in the self-hosted
    /// server, the triggers in the Functions app): null when the request may pass, else the problem to answer.
    /// </summary>
    public ProblemHttpResult? Authorize(HttpContext context, ApiAccess access) => access switch
    {
        ApiAccess.Anonymous => null,
        ApiAccess.Api => Check(context),
        ApiAccess.Approver => CheckApprover(context),
        ApiAccess.Operator => CheckOperator(context),
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Unknown access."),
    };

    /// <summary>
    /// Returns a 401 problem when the request carries no valid API key, else null. Approver keys pass too on
    /// reads (GET, HEAD): an approver reviews the evidence before approving.
    /// </summary>
    public ProblemHttpResult? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.Api.Authentication == ApiAuthentication.Platform)
        {
            return null;
        }

        var kind = Classify(Presented(context));
        bool read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        return kind == KeyKind.Api || (read && kind == KeyKind.Approver) ? null : Unauthorized(context);
    }

    /// <summary>
    /// Returns a problem unless the request may approve a release: with approver keys configured, only one of them
    /// (401 without a valid key, 403 with an API key that is not an approver key); without, any API key.
    /// </summary>
    public ProblemHttpResult? CheckApprover(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var api = options.Value.Api;
        if (api.ApproverKeys.Count == 0)
        {
            return Check(context);
        }

        // On the platform the host has checked the key against its own; it must still be one of ours to approve.
        string? presented = Presented(context);
        return Classify(presented) switch
        {
            KeyKind.Approver => null,
            KeyKind.Api => Forbidden(),
            _ when api.Authentication == ApiAuthentication.Platform && !string.IsNullOrEmpty(presented) => Forbidden(),
            _ => Unauthorized(context),
        };
    }

    /// <summary>Returns a 401 problem unless the request carries an API key or an approver key (abort accepts both).</summary>
    public ProblemHttpResult? CheckOperator(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.Api.Authentication == ApiAuthentication.Platform)
        {
            return null;
        }

        return Classify(Presented(context)) == KeyKind.None ? Unauthorized(context) : null;
    }

    /// <summary>
    /// The fingerprint of the key the request presents: the first <see cref="FingerprintLength"/> hex digits of its
    /// SHA-256, enough to tell configured keys apart in a timeline without revealing them; null without a key.
    /// </summary>
    public static string? Fingerprint(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Presented(context) is { Length: > 0 } key
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..FingerprintLength]
            : null;
    }

    private static string? Presented(HttpContext context) =>
        context.Request.Headers[KeyHeader].FirstOrDefault() ?? context.Request.Query[KeyQuery].FirstOrDefault();

    private KeyKind Classify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return KeyKind.None;
        }

        var api = options.Value.Api;
        byte[] presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        bool apiKey = false;
        bool approverKey = false;

        // Hashing first makes every comparison the same length; FixedTimeEquals keeps it constant-time, and every
        // configured key is compared whichever matches.
        foreach (string key in api.Keys)
        {
            apiKey |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        foreach (string key in api.ApproverKeys)
        {
            approverKey |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return approverKey ? KeyKind.Approver : apiKey ? KeyKind.Api : KeyKind.None;
    }

    private static ProblemHttpResult Unauthorized(HttpContext context) =>
        string.IsNullOrEmpty(Presented(context))
            ? ApiProblems.Unauthorized($"Send an API key in the '{KeyHeader}' header or the '{KeyQuery}' query parameter.")
            : ApiProblems.Unauthorized("The API key is not valid.");

    private static ProblemHttpResult Forbidden() => ApiProblems.Problem(
        StatusCodes.Status403Forbidden,
        "approver-key-required",
        "An approver key is required",
        "Approving a release needs an approver key (Seamless:Api:ApproverKeys); the key presented may not approve.");
}
