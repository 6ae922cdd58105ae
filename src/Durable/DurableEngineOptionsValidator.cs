using Microsoft.Extensions.Options;

namespace Seamless.Durable;

/// <summary>Validates <see cref="DurableEngineOptions"/> at start.</summary>
internal sealed class DurableEngineOptionsValidator : IValidateOptions<DurableEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableEngineOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("DurableEngineOptions.DataDirectory is required.");
        }

        if (options.ActivityWorkerCount is < 1 or > 256)
        {
            failures.Add($"DurableEngineOptions.ActivityWorkerCount must be 1–256 (was {options.ActivityWorkerCount}).");
        }

        if (options.PollingInterval <= TimeSpan.Zero || options.PollingInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"DurableEngineOptions.PollingInterval must be > 0 and ≤ 1 minute (was {options.PollingInterval}).");
        }

        if (options.MaxEpisodesPerBatch is < 1 or > 1000)
        {
            failures.Add($"DurableEngineOptions.MaxEpisodesPerBatch must be 1–1000 (was {options.MaxEpisodesPerBatch}).");
        }

        return failures;
    }

    public static void ThrowIfInvalid(DurableEngineOptions options)
    {
        var failures = Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(DurableEngineOptions), typeof(DurableEngineOptions), failures);
        }
    }
}
