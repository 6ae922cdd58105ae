using Microsoft.Extensions.Configuration;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary><c>Seamless:Retention</c>: defaults, binding and the checks made at start.</summary>
public sealed class RetentionOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndAsDocumented()
    {
        var options = new SeamlessOptions();

        var errors = options.Retention.Validate(options.ScaleIn.Policy);

        errors.ShouldBeEmpty();
        options.Retention.AlertMarkers.ShouldBe(TimeSpan.FromDays(7));
        options.Retention.Deliveries.ShouldBe(TimeSpan.FromDays(30));
        options.Retention.Journal.ShouldBe(TimeSpan.FromDays(90));
        options.Retention.PurgeInterval.ShouldBe(TimeSpan.FromHours(1));
    }

    public static TheoryData<string, RetentionOptions, string> Invalid => new()
    {
        { "alert markers too short", new RetentionOptions { AlertMarkers = TimeSpan.FromMinutes(5) }, "Seamless:Retention:AlertMarkers" },
        { "deliveries zero", new RetentionOptions { Deliveries = TimeSpan.Zero }, "Seamless:Retention:Deliveries" },
        { "journal negative", new RetentionOptions { Journal = TimeSpan.FromDays(-1) }, "Seamless:Retention:Journal" },
        { "journal beyond ten years", new RetentionOptions { Journal = TimeSpan.FromDays(4000) }, "Seamless:Retention:Journal" },
        { "journal shorter than the scale-in rate-limit period", new RetentionOptions { Journal = TimeSpan.FromHours(2) }, "scale-in cooldown and rate-limit period" },
        { "purge interval zero", new RetentionOptions { PurgeInterval = TimeSpan.Zero }, "Seamless:Retention:PurgeInterval" },
        { "purge interval over a day", new RetentionOptions { PurgeInterval = TimeSpan.FromDays(2) }, "Seamless:Retention:PurgeInterval" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_NamesTheSetting(string name, RetentionOptions retention, string expected)
    {
        var options = new SeamlessOptions { Retention = retention, ScaleIn = new ScaleInOptions { Policy = new ScaleInPolicy { RateLimitPeriod = TimeSpan.FromHours(3) } } };

        var errors = options.Validate();

        errors.ShouldContain(e => e.Contains(expected, StringComparison.Ordinal), name);
    }

    [Fact]
    public void Bind_RetentionSection_ReadsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seamless:Retention:AlertMarkers"] = "2.00:00:00",
            ["Seamless:Retention:Deliveries"] = "10.00:00:00",
            ["Seamless:Retention:Journal"] = "20.00:00:00",
            ["Seamless:Retention:Enabled"] = "false",
            ["Seamless:Retention:PurgeInterval"] = "00:10:00",
        }).Build();

        var options = configuration.GetSection(SeamlessOptions.SectionName).Get<SeamlessOptions>()!;

        options.Retention.AlertMarkers.ShouldBe(TimeSpan.FromDays(2));
        options.Retention.Deliveries.ShouldBe(TimeSpan.FromDays(10));
        options.Retention.Journal.ShouldBe(TimeSpan.FromDays(20));
        options.Retention.Enabled.ShouldBeFalse();
        options.Retention.PurgeInterval.ShouldBe(TimeSpan.FromMinutes(10));
        options.Retention.Validate(options.ScaleIn.Policy).ShouldBeEmpty();
    }
}
