using Microsoft.Extensions.Options;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary>
/// <c>Seamless:ScaleIn:Plans:N</c>: a plan's own policy is its entry's keys over <c>Seamless:ScaleIn:Policy</c>, bound and
/// validated at start as both hosts register the options (<see cref="WorkflowServiceCollectionExtensions.AddSeamlessWorkflows"/>).
/// </summary>
public sealed class ScaleInPlanPolicyOptionsTests
{
    private const string Prefix = StartedOptions.PlanPrefix;

    [Fact]
    public void PolicyFor_APlanWithAnEntry_ItsKeysOverTheSharedPolicy_AndEveryOtherPlanTheSharedPolicy()
    {
        var options = Bind(new()
        {
            ["Seamless:ScaleIn:Policy:Min"] = "3",
            ["Seamless:ScaleIn:Policy:OverloadBudgetPercent"] = "0.2",
            ["Seamless:ScaleIn:Policy:Cooldown"] = "00:08:00",
            ["Seamless:ScaleIn:Plans:0:Plan"] = Prefix + "b",
            ["Seamless:ScaleIn:Plans:0:Policy:OverloadBudgetPercent"] = "0.05",
            ["Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelay"] = "00:05:00",
            ["Seamless:ScaleIn:Plans:1:Plan"] = Prefix + "c",
            ["Seamless:ScaleIn:Plans:1:Policy:Max"] = "8",
        });

        var a = options.ScaleIn.PolicyFor(AzureResourceId.Parse(Prefix + "a"));
        var b = options.ScaleIn.PolicyFor(AzureResourceId.Parse(Prefix + "B"));
        var c = options.ScaleIn.PolicyFor(AzureResourceId.Parse(Prefix + "c"));

        a.ShouldBeSameAs(options.ScaleIn.Policy);
        (a.Min, a.OverloadBudgetPercent, a.ProvisioningDelay, a.Cooldown, a.Max).ShouldBe((3, 0.2, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(8), ScaleInPolicy.DefaultMax));
        (b.Min, b.OverloadBudgetPercent, b.ProvisioningDelay, b.Cooldown, b.Max).ShouldBe((3, 0.05, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(8), ScaleInPolicy.DefaultMax));
        (c.Min, c.OverloadBudgetPercent, c.ProvisioningDelay, c.Cooldown, c.Max).ShouldBe((3, 0.2, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(8), 8));
    }

    [Theory]
    [InlineData("Plan", "not-a-plan", "Seamless:ScaleIn:Plans:0:Plan is not an App Service plan resource id")]
    [InlineData("Plan", Prefix + "elsewhere", "Seamless:ScaleIn:Plans:0:Plan '" + Prefix + "elsewhere' is not in the managed allow-list (Seamless:Managed:Plans).")]
    [InlineData("Policy:OverloadBudgetPercent", "-1", "Seamless:ScaleIn:Plans:0:Policy:overloadBudgetPercent")]
    [InlineData("Policy:Min", "101", "Seamless:ScaleIn:Plans:0:Policy:")]
    public void Start_ABadEntry_FailsWithOneLineNamingItsKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Seamless:ScaleIn:Plans:0:Plan"] = Prefix + "a",
            [$"Seamless:ScaleIn:Plans:0:{key}"] = value,
        };

        var failure = Should.Throw<OptionsValidationException>(() => Bind(settings));

        failure.Failures.ShouldContain(f => f.Contains(expected, StringComparison.Ordinal), string.Join(Environment.NewLine, failure.Failures));
    }

    [Fact]
    public void Start_AnEntryWithABadPlanAndABadPolicy_SaysBoth()
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(new()
        {
            ["Seamless:ScaleIn:Plans:0:Plan"] = "not-a-plan",
            ["Seamless:ScaleIn:Plans:0:Policy:OverloadBudgetPercent"] = "-1",
        }));

        failure.Failures.ShouldContain(f => f.StartsWith("Seamless:ScaleIn:Plans:0:Plan is not an App Service plan resource id", StringComparison.Ordinal));
        failure.Failures.ShouldContain(f => f.StartsWith("Seamless:ScaleIn:Plans:0:Policy:overloadBudgetPercent", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_TwoEntriesForOnePlan_FailsNamingTheSecond()
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(new()
        {
            ["Seamless:ScaleIn:Plans:0:Plan"] = Prefix + "a",
            ["Seamless:ScaleIn:Plans:1:Plan"] = Prefix + "A",
        }));

        failure.Failures.ShouldContain("Seamless:ScaleIn:Plans:1:Plan names the plan of Seamless:ScaleIn:Plans:0 again; one entry per plan.");
    }

    [Fact]
    public void Start_RetentionShorterThanAPlansOwnCooldown_FailsNamingThePlansEntry()
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(new()
        {
            ["Seamless:Retention:Journal"] = "1.00:00:00",
            ["Seamless:ScaleIn:Plans:0:Plan"] = Prefix + "a",
            ["Seamless:ScaleIn:Plans:0:Policy:Cooldown"] = "2.00:00:00",
        }));

        failure.Failures.ShouldContain(f => f.StartsWith("Seamless:Retention:Journal must be at least", StringComparison.Ordinal) && f.EndsWith("(Seamless:ScaleIn:Plans:0)", StringComparison.Ordinal), string.Join(Environment.NewLine, failure.Failures));
    }

    /// <summary>Binds, layers and validates the options as both hosts do, with the plans a, b and c managed.</summary>
    private static SeamlessOptions Bind(Dictionary<string, string?> settings) => StartedOptions.Bind(settings, "a", "b", "c");
}
