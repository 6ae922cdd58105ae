using Microsoft.Extensions.Options;

namespace Seamless.Azure;

/// <summary>Requires the state store settings once <see cref="BlobStateStore"/> is registered.</summary>
public sealed class BlobStateStoreOptionsValidator : IValidateOptions<AzureAccessOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AzureAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.StateStoreBlobEndpoint is null)
        {
            failures.Add("StateStoreBlobEndpoint is required by the blob state store.");
        }

        if (string.IsNullOrEmpty(options.StateStoreContainer))
        {
            failures.Add("StateStoreContainer is required by the blob state store.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
