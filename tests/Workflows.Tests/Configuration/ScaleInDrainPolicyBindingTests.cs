using Microsoft.Extensions.Configuration;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary><c>Seamless:ScaleIn:Policy</c> drain settings: defaults and binding (app settings / appsettings.json).</summary>
public sealed class ScaleInDrainPolicyBindingTests
{
    [Fact]
    public void Bind_NoDrainSettings_KeepsTheDocumentedDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        var policy = (configuration.GetSection(SeamlessOptions.SectionName).Get<SeamlessOptions>() ?? new SeamlessOptions()).ScaleIn.Policy;

        policy.AcceptSessionLoss.ShouldBe(ScaleInPolicy.DefaultAcceptSessionLoss);
        policy.AcceptSessionLoss.ShouldBeFalse();
        policy.PlatformDrain.ShouldBe(TimeSpan.FromSeconds(ScaleInPolicy.DefaultPlatformDrainSeconds));
        policy.DrainMargin.ShouldBe(TimeSpan.FromSeconds(ScaleInPolicy.DefaultDrainMarginSeconds));
        policy.SessionIdle.ShouldBe(TimeSpan.FromMinutes(ScaleInPolicy.DefaultSessionIdleMinutes));
    }

    [Fact]
    public void Bind_DrainSettings_LandOnThePolicy()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seamless:ScaleIn:Policy:AcceptSessionLoss"] = "true",
            ["Seamless:ScaleIn:Policy:PlatformDrain"] = "00:02:00",
            ["Seamless:ScaleIn:Policy:DrainMargin"] = "00:00:30",
            ["Seamless:ScaleIn:Policy:SessionIdle"] = "00:45:00",
        }).Build();

        var options = configuration.GetSection(SeamlessOptions.SectionName).Get<SeamlessOptions>()!;

        options.ScaleIn.Policy.AcceptSessionLoss.ShouldBeTrue();
        options.ScaleIn.Policy.PlatformDrain.ShouldBe(TimeSpan.FromMinutes(2));
        options.ScaleIn.Policy.DrainMargin.ShouldBe(TimeSpan.FromSeconds(30));
        options.ScaleIn.Policy.SessionIdle.ShouldBe(TimeSpan.FromMinutes(45));
        options.ScaleIn.Policy.Validate().ShouldBeEmpty();
    }
}
