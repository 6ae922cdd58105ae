using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary>
/// A <c>Seamless:*</c> key no option reads, or a value its setting cannot take, stops start-up with one line naming it, as
/// both hosts register the options (<see cref="WorkflowServiceCollectionExtensions.AddSeamlessWorkflows"/>): the binder
/// alone would drop the key (a misspelled promise leaves the default in force) and refuse the value naming a .NET type.
/// </summary>
public sealed class SettingsCheckTests
{
    private const string Plan = StartedOptions.PlanPrefix + "a";

    [Theory]
    [InlineData("Seamless:ScaleIn:Policy:OverloadBudgetPrecent", "0.05", "Seamless:ScaleIn:Policy:OverloadBudgetPrecent is not a setting; did you mean Seamless:ScaleIn:Policy:OverloadBudgetPercent?")]
    [InlineData("Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelai", "00:05:00", "Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelai is not a setting; did you mean Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelay?")]
    [InlineData("Seamless:Upgrade:Canary:Stepz:0", "5", "Seamless:Upgrade:Canary:Stepz is not a setting; did you mean Seamless:Upgrade:Canary:Steps?")]
    [InlineData("Seamless:Notifications:MaxAttemps", "5", "Seamless:Notifications:MaxAttemps is not a setting; did you mean Seamless:Notifications:MaxAttempts?")]
    [InlineData("Seamless:ScaleIn:Policy:CpuLimit", "70", "Seamless:ScaleIn:Policy:CpuLimit is not a setting (the settings here: AcceptSessionLoss, AlertVeto,")]
    [InlineData("Seamless:Telemetry", "on", "Seamless:Telemetry is not a setting (the settings here: Api, Azure, BuildIdentity, Managed, Notifications, Retention, ScaleIn, Upgrade).")]
    [InlineData("Seamless:Managed:Sites", "/subscriptions/x", "Seamless:Managed:Sites is a list, not a value: set Seamless:Managed:Sites:0, Seamless:Managed:Sites:1, …")]
    [InlineData("Seamless:Upgrade:Warmup", "fast", "Seamless:Upgrade:Warmup is a section, not a value: set its settings (Seamless:Upgrade:Warmup:<setting>).")]
    [InlineData("Seamless:ScaleIn:Policy:Window", "10m", "Seamless:ScaleIn:Policy:Window takes a duration as [d.]hh:mm:ss (e.g. 00:10:00), not '10m'.")]
    [InlineData("Seamless:ScaleIn:Policy:Min", "two", "Seamless:ScaleIn:Policy:Min takes a whole number, not 'two'.")]
    [InlineData("Seamless:ScaleIn:Policy:OverloadBudgetPercent", "0,05", "Seamless:ScaleIn:Policy:OverloadBudgetPercent takes a number (e.g. 0.1), not '0,05'.")]
    [InlineData("Seamless:ScaleIn:Policy:Headroom", "Learnt", "Seamless:ScaleIn:Policy:Headroom takes one of Learned, Fixed, not 'Learnt'.")]
    [InlineData("Seamless:ScaleIn:Plans:0:Policy:AcceptSessionLoss", "yes", "Seamless:ScaleIn:Plans:0:Policy:AcceptSessionLoss takes true or false, not 'yes'.")]
    public void Start_AKeyNoOptionReadsOrAValueItCannotTake_FailsWithOneLineNamingIt(string key, string value, string expected)
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(new() { [key] = value }));

        // A plan entry without its Plan fails for that as well; each line names its own key.
        failure.Failures.Where(f => !f.StartsWith("Seamless:ScaleIn:Plans:0:Plan ", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Fact]
    public void Start_EveryKeyTheOptionsRead_Starts()
    {
        var options = Bind(new()
        {
            ["Seamless:Api:Authentication"] = "Keys",
            ["Seamless:Api:SignatureTolerance"] = "00:05:00",
            ["seamless:scalein:policy:overloadBudgetPercent"] = "0.05",
            ["Seamless:ScaleIn:Plans:first:Plan"] = Plan,
            ["Seamless:ScaleIn:Plans:first:Policy:Max"] = "8",
            ["Seamless:Upgrade:Warmup:Paths:0"] = "/health",
            ["Seamless:Upgrade:Canary:Steps:0"] = "10",
            ["Seamless:Notifications:Webhooks:0:Url"] = "https://hooks.example.com/x",
            ["Seamless:Notifications:Webhooks:0:Events:0"] = "com.seamless.upgrade.finished",
            ["Seamless:Retention:Journal"] = "30.00:00:00",
            ["Seamless:Azure:AnythingTheAzureOptionsCheck"] = "x",
        });

        options.ScaleIn.Policy.OverloadBudgetPercent.ShouldBe(0.05);
        options.ScaleIn.Plans.ShouldHaveSingleItem().Policy.Max.ShouldBe(8);
    }

    [Fact]
    public void Find_ANestedTypo_OnlyThatKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seamless:Retention:Journal"] = "30.00:00:00",
            ["Seamless:Retention:Jornal"] = "30.00:00:00",
            ["Seamless:Api:Keys:0"] = "0123456789abcdef0123",
        }).Build();

        SettingsCheck.Problems(configuration.GetSection(SeamlessOptions.SectionName), typeof(SeamlessOptions))
            .ShouldBe(["Seamless:Retention:Jornal is not a setting; did you mean Seamless:Retention:Journal?"]);
    }

    private static SeamlessOptions Bind(Dictionary<string, string?> settings) => StartedOptions.Bind(settings, "a");
}
