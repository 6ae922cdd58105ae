using Microsoft.Extensions.Options;

namespace Seamless.Durable.Tests;

public sealed class DurableEngineOptionsValidatorTests
{
    public static TheoryData<string, Action<DurableEngineOptions>, string?> Cases => new()
    {
        { "defaults with a folder", _ => { }, null },
        { "no folder", o => o.DataDirectory = string.Empty, nameof(DurableEngineOptions.DataDirectory) },
        { "blank folder", o => o.DataDirectory = "  ", nameof(DurableEngineOptions.DataDirectory) },
        { "no activity worker", o => o.ActivityWorkerCount = 0, nameof(DurableEngineOptions.ActivityWorkerCount) },
        { "257 activity workers", o => o.ActivityWorkerCount = 257, nameof(DurableEngineOptions.ActivityWorkerCount) },
        { "256 activity workers", o => o.ActivityWorkerCount = 256, null },
        { "zero polling interval", o => o.PollingInterval = TimeSpan.Zero, nameof(DurableEngineOptions.PollingInterval) },
        { "polling over a minute", o => o.PollingInterval = TimeSpan.FromSeconds(61), nameof(DurableEngineOptions.PollingInterval) },
        { "polling of a minute", o => o.PollingInterval = TimeSpan.FromMinutes(1), null },
        { "empty batches", o => o.MaxEpisodesPerBatch = 0, nameof(DurableEngineOptions.MaxEpisodesPerBatch) },
        { "batches over 1000", o => o.MaxEpisodesPerBatch = 1001, nameof(DurableEngineOptions.MaxEpisodesPerBatch) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThrowIfInvalid_Options_FailsNamingTheSettingOrPasses(string name, Action<DurableEngineOptions> change, string? failing)
    {
        var options = new DurableEngineOptions { DataDirectory = "/tmp/seamless" };
        change(options);

        var act = () => DurableEngineOptionsValidator.ThrowIfInvalid(options);

        if (failing is null)
        {
            act.ShouldNotThrow(name);
        }
        else
        {
            var failure = Should.Throw<OptionsValidationException>(act, name);
            failure.Failures.ShouldHaveSingleItem(name).ShouldContain(failing, Case.Sensitive, name);
        }
    }
}
