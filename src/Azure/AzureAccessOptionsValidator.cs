using Microsoft.Extensions.Options;

namespace Seamless.Azure;

/// <summary>
/// Validates <see cref="AzureAccessOptions"/> at start. Hand-written rather than generated from data annotations
/// (<c>[OptionsValidator]</c>): the rules that matter here are across fields (https unless a static token is set, a
/// static token or a managed identity but not both, retry delay within its maximum) or not expressible as attributes
/// (absolute URIs without query, blob container names).
/// </summary>
public sealed class AzureAccessOptionsValidator : IValidateOptions<AzureAccessOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AzureAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckEndpoint(failures, nameof(options.ArmEndpoint), options.ArmEndpoint, required: true);
        CheckEndpoint(failures, nameof(options.MetricsEndpoint), options.MetricsEndpoint, required: false);
        CheckEndpoint(failures, nameof(options.DataPlaneEndpoint), options.DataPlaneEndpoint, required: false);
        CheckEndpoint(failures, nameof(options.StateStoreBlobEndpoint), options.StateStoreBlobEndpoint, required: false);

        // Azure.Identity tokens must only travel over TLS; plain http is for the simulator's static token.
        if (options.StaticToken is null)
        {
            RequireHttps(failures, nameof(options.ArmEndpoint), options.ArmEndpoint);
            RequireHttps(failures, nameof(options.MetricsEndpoint), options.MetricsEndpoint);
            RequireHttps(failures, nameof(options.StateStoreBlobEndpoint), options.StateStoreBlobEndpoint);
        }
        else if (string.IsNullOrWhiteSpace(options.StaticToken))
        {
            failures.Add("StaticToken must not be blank when set.");
        }

        if (options.StaticToken is not null && options.ManagedIdentityClientId is not null)
        {
            failures.Add("Set either StaticToken (simulator) or ManagedIdentityClientId (Azure), not both.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("MaxRetries must be between 0 and 10.");
        }

        CheckPositive(failures, nameof(options.RetryDelay), options.RetryDelay);
        CheckPositive(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        CheckPositive(failures, nameof(options.NetworkTimeout), options.NetworkTimeout);
        CheckPositive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        CheckPositive(failures, nameof(options.PollInterval), options.PollInterval);
        CheckPositive(failures, nameof(options.MaxPollDelay), options.MaxPollDelay);
        CheckPositive(failures, nameof(options.OperationTimeout), options.OperationTimeout);
        if (options.RetryDelay > options.MaxRetryDelay)
        {
            failures.Add("RetryDelay must not exceed MaxRetryDelay.");
        }

        if (options.StateStoreContainer is not null && !IsValidContainerName(options.StateStoreContainer))
        {
            failures.Add("StateStoreContainer must be 3-63 lower-case letters, digits or single hyphens.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsValidContainerName(string name) =>
        name.Length is >= 3 and <= 63
        && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static void CheckEndpoint(List<string> failures, string key, Uri? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                failures.Add($"{key} is required.");
            }

            return;
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URI.");
        }
        else if (!string.IsNullOrEmpty(value.Query) || !string.IsNullOrEmpty(value.Fragment))
        {
            failures.Add($"{key} must not carry a query or fragment.");
        }
    }

    private static void RequireHttps(List<string> failures, string key, Uri? value)
    {
        if (value is { IsAbsoluteUri: true } && value.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{key} must use https unless StaticToken is set (simulator).");
        }
    }

    private static void CheckPositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be positive.");
        }
    }
}
