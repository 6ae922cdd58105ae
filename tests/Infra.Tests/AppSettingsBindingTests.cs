using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Seamless.Azure;
using Seamless.Core.ScaleIn;
using Seamless.Core.Upgrade;
using Seamless.Infra.Tests.Bicep;
using Seamless.Workflows.Configuration;

namespace Seamless.Infra.Tests;

/// <summary>
/// Every <c>Seamless__…</c> app setting the compiled template writes binds, through the real
/// configuration binder, onto a property of the options the app reads (SeamlessOptions from
/// <c>Seamless</c>, AzureAccessOptions from <c>Seamless:Azure</c>); none lands nowhere.
/// </summary>
public sealed class AppSettingsBindingTests
{
    private static CompiledInfra Infra => CompiledInfra.Instance;

    [Fact]
    public void CompiledTemplate_EverySeamlessSetting_LandsOnAnOptionsProperty()
    {
        var names = AppSettingNames.Seamless(Infra.Main);

        var bindings = names.Select(OptionsBinding.Check).ToArray();

        names.Count.ShouldBeGreaterThanOrEqualTo(50, string.Join(Environment.NewLine, names));
        names.ShouldContain("Seamless__Managed__Sites__0");
        names.ShouldContain("Seamless__Api__WebhookSecret");
        names.ShouldContain("Seamless__Upgrade__Warmup__Paths__0");
        names.ShouldContain("Seamless__ScaleIn__Policy__Margin");
        names.ShouldContain("Seamless__ScaleIn__Plans__0__Plan");
        names.ShouldContain("Seamless__ScaleIn__Plans__0__Policy__ProvisioningDelay");
        names.ShouldContain("Seamless__Notifications__Webhooks__0__Url");
        names.ShouldContain("Seamless__Notifications__Webhooks__0__Events__0");
        names.ShouldContain("Seamless__Notifications__Webhooks__0__Secret");
        names.ShouldContain("Seamless__Notifications__Webhooks__0__Format");
        bindings.Where(b => !b.Lands).Select(b => b.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void CompiledTemplate_EverySeamlessSetting_PassesTheStartUpSettingsCheck()
    {
        // The product's own start-up check (SettingsCheck) must accept every name the template writes, or the app would not
        // start (empty values: the names are checked here, their values by the binding tests).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(AppSettingNames.Seamless(Infra.Main).Select(name => new KeyValuePair<string, string?>(AppSettingNames.ToConfigurationKey(name), string.Empty)))
            .Build();

        SettingsCheck.Problems(configuration.GetSection(SeamlessOptions.SectionName), typeof(SeamlessOptions), "Azure").ShouldBeEmpty();
        SettingsCheck.Problems(configuration.GetSection(AzureAccessOptions.SectionName), typeof(AzureAccessOptions)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Seamless__Policies__ScaleIn__MarginPercent", "Seamless:Policies is not a setting")]
    [InlineData("Seamless__Upgrade__Warmup__Pathz__0", "Seamless:Upgrade:Warmup:Pathz is not a setting; did you mean Seamless:Upgrade:Warmup:Paths?")]
    [InlineData("Seamless__Upgrade__Warmup", "Seamless:Upgrade:Warmup is a section, not a value")]
    [InlineData("Seamless__Azure__StateStore", "Seamless:Azure:StateStore is not a setting")]
    public void StartUpCheck_SettingThatLandsNowhere_IsNamed(string setting, string expected)
    {
        var key = AppSettingNames.ToConfigurationKey(setting);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, "x")]).Build();

        var found = SettingsCheck.Problems(configuration.GetSection(SeamlessOptions.SectionName), typeof(SeamlessOptions), "Azure")
            .Concat(SettingsCheck.Problems(configuration.GetSection(AzureAccessOptions.SectionName), typeof(AzureAccessOptions)))
            .ToList();

        found.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("Seamless__Policies__ScaleIn__MarginPercent")]
    [InlineData("Seamless__Upgrade__Warmup__Pathz__0")]
    [InlineData("Seamless__Upgrade__Warmup")]
    [InlineData("Seamless__Managed__Sites__first")]
    [InlineData("Seamless__Azure__StateStore")]
    [InlineData("Other__Setting")]
    public void Check_SettingWithoutProperty_LandsNowhere(string setting)
    {
        var binding = OptionsBinding.Check(setting);

        binding.Lands.ShouldBeFalse(binding.ToString());
        binding.Problem.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("Seamless__Azure__ManagedIdentityClientId", "AzureAccessOptions")]
    [InlineData("Seamless__Api__Authentication", "SeamlessOptions")]
    [InlineData("seamless__scalein__policy__missingSeasonalData", "SeamlessOptions")]
    public void Check_SettingOfAProperty_Lands(string setting, string optionsType)
    {
        var binding = OptionsBinding.Check(setting);

        binding.Lands.ShouldBeTrue(binding.ToString());
        binding.OptionsType.ShouldBe(optionsType);
    }

    [Fact]
    public void Bind_SettingThatLandsNowhere_IsRefusedByTheBinder()
    {
        var settings = new Dictionary<string, string> { ["Seamless__Upgrade__GuardWindowz"] = "00:10:00" };

        Should.Throw<InvalidOperationException>(() => OptionsBinding.Bind(settings)).Message.ShouldContain("GuardWindowz");
    }

    [Fact]
    public void Snapshot_EveryPolicyFieldSet_BindsToTheValuesGiven()
    {
        var expression = FunctionAppSettings();
        var settings = AppSettingNames.LiteralSeamlessPairs(expression);

        var (seamless, azure) = OptionsBinding.Bind(settings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(pair => new KeyValuePair<string, string?>(AppSettingNames.ToConfigurationKey(pair.Key), pair.Value)))
            .Build();

        // The values the template writes pass the product's start-up check as they pass the binder.
        SettingsCheck.Problems(configuration.GetSection(SeamlessOptions.SectionName), typeof(SeamlessOptions), "Azure").ShouldBeEmpty();
        SettingsCheck.Problems(configuration.GetSection(AzureAccessOptions.SectionName), typeof(AzureAccessOptions)).ShouldBeEmpty();
        settings.Keys.Count(k => k.StartsWith("Seamless__Upgrade__", StringComparison.Ordinal)).ShouldBe(25);
        settings.Keys.Count(k => k.StartsWith("Seamless__ScaleIn__Policy__", StringComparison.Ordinal)).ShouldBe(typeof(ScaleInPolicy).GetProperties().Count(p => p.CanWrite), "one app setting per policy field");
        azure.StateStoreContainer.ShouldBe("seamless-state");
        seamless.Api.Authentication.ShouldBe(ApiAuthentication.Platform);
        // The secure parameter is never evaluated into the snapshot: the setting refers to it.
        expression.ShouldContain("'Seamless__Api__WebhookSecret', parameters('webhookSecret')");
        expression.ShouldNotContain("sample-webhook-secret");
        seamless.Managed.Sites.ShouldContain(CompiledInfra.ManagedSiteId);
        seamless.Managed.Plans.ShouldContain(CompiledInfra.ManagedPlanId);
        seamless.Managed.Plans.Count.ShouldBe(2, "the sample plan and the demo target's");

        var upgrade = seamless.Upgrade.ShouldNotBeNull();
        upgrade.Warmup.ShouldNotBeNull().Paths.ShouldBe(["/", "/health"]);
        upgrade.Warmup.AllowedStatusCodes.ShouldBe([200, 204]);
        upgrade.Warmup.LatencyBound.ShouldBe(TimeSpan.FromSeconds(3));
        upgrade.Warmup.ConsecutivePasses.ShouldBe(2);
        upgrade.Warmup.Timeout.ShouldBe(TimeSpan.FromMinutes(8));
        upgrade.Warmup.ProbeInterval.ShouldBe(TimeSpan.FromSeconds(4));
        upgrade.SmokePaths.ShouldBe(["/smoke"]);
        upgrade.Canary.ShouldNotBeNull().Enabled.ShouldBe(true);
        upgrade.Canary.Steps.ShouldBe([5d, 20d, 60d]);
        upgrade.Canary.StepInterval.ShouldBe(TimeSpan.FromMinutes(3));
        upgrade.Canary.ConfidenceLevel.ShouldBe(0.9);
        upgrade.Canary.PassThreshold.ShouldBe(80);
        upgrade.Canary.MarginalThreshold.ShouldBe(40);
        upgrade.Approval.ShouldNotBeNull().Required.ShouldBe(true);
        upgrade.Approval.Timeout.ShouldBe(TimeSpan.FromMinutes(20));
        upgrade.Approval.OnTimeout.ShouldBe(ApprovalTimeoutAction.Proceed);
        upgrade.GuardWindow.ShouldBe(TimeSpan.FromMinutes(12));
        upgrade.GuardInterval.ShouldBe(TimeSpan.FromMinutes(3));
        upgrade.GuardWithoutEvidence.ShouldBe(GuardWithoutEvidenceAction.Promote);
        upgrade.ConfigDiffBlocks.ShouldBe(true);
        upgrade.StalePreviewAfter.ShouldBe(TimeSpan.FromMinutes(40));
        seamless.BuildIdentity.ShouldBe(new BuildIdentityPolicy { Source = BuildIdentitySource.ContainerImage, AppSetting = "APP_BUILD" });

        seamless.ScaleIn.Policy.ShouldBe(new ScaleInPolicy
        {
            ScaleOutCpu = 90,
            Margin = 12,
            ScaleOutMemory = 85,
            ScaleOutQueuePerInstance = 15,
            HottestInstanceLimit = 97,
            Min = 3,
            Max = 40,
            ZoneRedundantMinimum = 4,
            Window = TimeSpan.FromMinutes(15),
            Tolerance = 0.1,
            Cooldown = TimeSpan.FromMinutes(7),
            RateLimitInstances = 4,
            RateLimitPeriod = TimeSpan.FromMinutes(6),
            MaxStep = 2,
            SeasonalHorizon = TimeSpan.FromMinutes(25),
            MissingSeasonalData = MissingSeasonalDataBehaviour.Hold,
            VerifyWindow = TimeSpan.FromMinutes(6),
            VerifyMax5xxIncreasePoints = 0.25,
            VerifyMaxLatencyIncreasePercent = 30,
            VerifyMinLatencyIncreaseMs = 60,
            ScaleOutPercent = 50,
            ScaleOutMinStep = 2,
            AlertVeto = TimeSpan.FromMinutes(8),
            ScaleOutSettle = TimeSpan.FromMinutes(3),
            ScaleOutMaxPerHour = 3,
            RevertVeto = TimeSpan.FromMinutes(45),
            PlatformDrain = TimeSpan.FromMinutes(2),
            DrainMargin = TimeSpan.FromSeconds(20),
            SessionIdle = TimeSpan.FromMinutes(30),
            AcceptSessionLoss = true,
            Headroom = Seamless.Core.ScaleIn.Headroom.HeadroomMode.Fixed,
            OverloadBudgetPercent = 0.5,
            ProvisioningDelay = TimeSpan.FromMinutes(5),
            LearningWindow = TimeSpan.FromDays(7),
            HoldMinimumToKeepBudget = true,
        });
        // A plan's own promise: every field of scaleInPlanPolicyType lands on its entry.
        var own = seamless.ScaleIn.Plans.ShouldHaveSingleItem();
        own.Plan.ShouldBe(CompiledInfra.ManagedPlanId);
        (own.Policy.OverloadBudgetPercent, own.Policy.ProvisioningDelay, own.Policy.Min, own.Policy.Max, own.Policy.AcceptSessionLoss, own.Policy.HoldMinimumToKeepBudget)
            .ShouldBe((0.05, TimeSpan.FromMinutes(6), 4, 12, false, false), "the plan's own false stands over the shared policy's true");
        settings.Keys.Count(k => k.StartsWith("Seamless__ScaleIn__Plans__0__", StringComparison.Ordinal)).ShouldBe(7, "the plan and one app setting per field set");

        var notifications = seamless.Notifications.Webhooks;
        notifications.Count.ShouldBe(2);
        notifications[0].Url.ShouldBe("https://events.example.com/seamless");
        notifications[0].Events.ShouldBe(["com.seamless.upgrade.finished", "com.seamless.scaleout"]);
        notifications[0].Secret.ShouldBe("@Microsoft.KeyVault(SecretUri=https://kv-sample.vault.azure.net/secrets/notify-secret)");
        notifications[1].Url.ShouldBe("@Microsoft.KeyVault(SecretUri=https://kv-sample.vault.azure.net/secrets/slack-url)");
        notifications[1].Format.ShouldBe("Text");
        notifications[1].Secret.ShouldBeNull();

        // The platform resolves Key Vault references before the app reads its settings: validate what it would see.
        var resolved = settings.ToDictionary(
            s => s.Key,
            s => s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)
                ? (s.Key.EndsWith("__Url", StringComparison.Ordinal) ? "https://hooks.slack.com/services/T000/B000/XXXX" : "resolved-notify-secret-0123456789")
                : s.Value,
            StringComparer.Ordinal);
        OptionsBinding.Bind(resolved).Seamless.Validate().ShouldBeEmpty();
    }

    // The function app's appSettings as the snapshot evaluated them: an expression, because some values
    // (client id, endpoints) are only known once the identity and storage exist; names and the
    // parameter-derived values are literals in it.
    private static string FunctionAppSettings()
    {
        var site = Infra.PredictedResources.Single(r =>
            r.GetProperty("type").GetString() == "Microsoft.Web/sites" && r.GetProperty("name").GetString()!.StartsWith("func-", StringComparison.Ordinal));
        var settings = site.PathOf("properties.siteConfig.appSettings")!.Value;
        return settings.ValueKind == JsonValueKind.String ? settings.GetString()! : settings.GetRawText();
    }
}
