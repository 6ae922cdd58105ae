using System.Text.Json;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleInPolicyTests
{
    private static readonly Dictionary<string, (ScaleInPolicy Policy, string Field)> InvalidCases = new()
    {
        ["budget zero"] = (ScaleInPolicy.Default with { OverloadBudgetPercent = 0 }, "overloadBudgetPercent"),
        ["unknown headroom mode"] = (ScaleInPolicy.Default with { Headroom = (HeadroomMode)9 }, "headroom"),
        ["provisioning delay of seconds"] = (ScaleInPolicy.Default with { ProvisioningDelay = TimeSpan.FromSeconds(90) }, "provisioningDelay"),
        ["learning window of minutes"] = (ScaleInPolicy.Default with { LearningWindow = TimeSpan.FromMinutes(30) }, "learningWindow"),
        ["cpu line above 100"] = (ScaleInPolicy.Default with { ScaleOutCpu = 120 }, "scaleOutCpu"),
        ["memory line zero"] = (ScaleInPolicy.Default with { ScaleOutMemory = 0 }, "scaleOutMemory"),
        ["margin above the line"] = (ScaleInPolicy.Default with { Margin = 85 }, "margin"),
        ["negative margin"] = (ScaleInPolicy.Default with { Margin = -1 }, "margin"),
        ["queue line zero"] = (ScaleInPolicy.Default with { ScaleOutQueuePerInstance = 0 }, "scaleOutQueuePerInstance"),
        ["hottest limit above 100"] = (ScaleInPolicy.Default with { HottestInstanceLimit = 101 }, "hottestInstanceLimit"),
        ["min zero"] = (ScaleInPolicy.Default with { Min = 0 }, "min"),
        ["max below min"] = (ScaleInPolicy.Default with { Min = 5, Max = 4 }, "max"),
        ["zone minimum 1"] = (ScaleInPolicy.Default with { ZoneRedundantMinimum = 1 }, "zoneRedundantMinimum"),
        ["window of seconds"] = (ScaleInPolicy.Default with { Window = TimeSpan.FromSeconds(90) }, "window"),
        ["window of two hours"] = (ScaleInPolicy.Default with { Window = TimeSpan.FromHours(2) }, "window"),
        ["tolerance 1"] = (ScaleInPolicy.Default with { Tolerance = 1 }, "tolerance"),
        ["negative cooldown"] = (ScaleInPolicy.Default with { Cooldown = TimeSpan.FromMinutes(-1) }, "cooldown"),
        ["rate limit zero"] = (ScaleInPolicy.Default with { RateLimitInstances = 0 }, "rateLimitInstances"),
        ["rate period zero"] = (ScaleInPolicy.Default with { RateLimitPeriod = TimeSpan.Zero }, "rateLimitPeriod"),
        ["max step zero"] = (ScaleInPolicy.Default with { MaxStep = 0 }, "maxStep"),
        ["horizon a day"] = (ScaleInPolicy.Default with { SeasonalHorizon = TimeSpan.FromDays(1) }, "seasonalHorizon"),
        ["unknown seasonal behaviour"] = (ScaleInPolicy.Default with { MissingSeasonalData = (MissingSeasonalDataBehaviour)7 }, "missingSeasonalData"),
        ["verify window zero"] = (ScaleInPolicy.Default with { VerifyWindow = TimeSpan.Zero }, "verifyWindow"),
        ["negative 5xx threshold"] = (ScaleInPolicy.Default with { VerifyMax5xxIncreasePoints = -1 }, "verifyMax5xxIncreasePoints"),
        ["negative latency threshold"] = (ScaleInPolicy.Default with { VerifyMaxLatencyIncreasePercent = -1 }, "verifyMaxLatencyIncreasePercent"),
        ["negative latency floor"] = (ScaleInPolicy.Default with { VerifyMinLatencyIncreaseMs = -1 }, "verifyMinLatencyIncreaseMs"),
        ["scale-out percent zero"] = (ScaleInPolicy.Default with { ScaleOutPercent = 0 }, "scaleOutPercent"),
        ["scale-out step zero"] = (ScaleInPolicy.Default with { ScaleOutMinStep = 0 }, "scaleOutMinStep"),
        ["negative alert veto"] = (ScaleInPolicy.Default with { AlertVeto = TimeSpan.FromMinutes(-1) }, "alertVeto"),
        ["negative scale-out settle"] = (ScaleInPolicy.Default with { ScaleOutSettle = TimeSpan.FromMinutes(-1) }, "scaleOutSettle"),
        ["negative revert veto"] = (ScaleInPolicy.Default with { RevertVeto = TimeSpan.FromMinutes(-1) }, "revertVeto"),
        ["scale-outs per hour zero"] = (ScaleInPolicy.Default with { ScaleOutMaxPerHour = 0 }, "scaleOutMaxPerHour"),
        ["drain zero"] = (ScaleInPolicy.Default with { PlatformDrain = TimeSpan.Zero }, "platformDrain"),
        ["drain margin as long as the drain"] = (ScaleInPolicy.Default with { DrainMargin = TimeSpan.FromSeconds(90) }, "drainMargin"),
        ["session idle zero"] = (ScaleInPolicy.Default with { SessionIdle = TimeSpan.Zero }, "sessionIdle"),
    };

    public static TheoryData<string> InvalidCaseNames => new(InvalidCases.Keys);

    [Fact]
    public void Default_HasTheDocumentedValues()
    {
        var policy = ScaleInPolicy.Default;

        policy.Headroom.ShouldBe(HeadroomMode.Learned);
        policy.CpuLimit.ShouldBe(100, "the learned headroom decides how much CPU to keep free");
        (policy with { Headroom = HeadroomMode.Fixed }).CpuLimit.ShouldBe(policy.ScaleOutCpu - policy.Margin);
        policy.OverloadBudgetPercent.ShouldBe(0.1);
        policy.ProvisioningDelay.ShouldBe(TimeSpan.FromMinutes(3));
        policy.LearningWindow.ShouldBe(TimeSpan.FromDays(4));
        policy.MemoryLimit.ShouldBe(policy.ScaleOutMemory - policy.Margin);
        policy.QueuePerInstanceLimit.ShouldBe(policy.ScaleOutQueuePerInstance * (100 - policy.Margin) / 100, 1e-9);
        policy.Min.ShouldBe(ScaleInPolicy.DefaultMin);
        policy.ZoneRedundantMinimum.ShouldBe(ScaleInPolicy.DefaultZoneRedundantMinimum);
        policy.MissingSeasonalData.ShouldBe(MissingSeasonalDataBehaviour.Skip);
        policy.VerifyWindow.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Validate_Default_HasNoErrors()
    {
        var errors = ScaleInPolicy.Default.Validate();

        errors.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidCaseNames))]
    public void Validate_InvalidField_ReportsThatField(string name)
    {
        var (policy, field) = InvalidCases[name];

        var errors = policy.Validate();

        errors.Select(e => e.Field).ShouldContain(field, name);
    }

    [Theory]
    [InlineData(false, 2, 3, 2)]
    [InlineData(true, 2, 3, 3)]
    [InlineData(true, 1, 2, 2)]
    [InlineData(true, 5, 3, 5)]
    public void FloorFor_ZoneRedundancy_TakesTheLargerMinimum(bool zoneRedundant, int min, int zoneMinimum, int expected)
    {
        var policy = ScaleInPolicy.Default with { Min = min, ZoneRedundantMinimum = zoneMinimum };

        var floor = policy.FloorFor(zoneRedundant);

        floor.ShouldBe(expected);
    }

    [Fact]
    public void FromJson_PartialFileWithComments_OverridesOnlyThoseFields()
    {
        const string json = """
            {
              // tighter line for a latency-sensitive plan
              "scaleOutCpu": 60,
              "cooldown": "00:15:00",
              "missingSeasonalData": "Hold",
            }
            """;

        var policy = ScaleInPolicy.FromJson(json);

        policy.ScaleOutCpu.ShouldBe(60);
        policy.Cooldown.ShouldBe(TimeSpan.FromMinutes(15));
        policy.MissingSeasonalData.ShouldBe(MissingSeasonalDataBehaviour.Hold);
        policy.Margin.ShouldBe(ScaleInPolicy.Default.Margin);
        policy.MaxStep.ShouldBe(ScaleInPolicy.Default.MaxStep);
    }

    [Fact]
    public void FromJson_UnknownField_Throws()
    {
        Should.Throw<JsonException>(() => ScaleInPolicy.FromJson("""{ "scaleOutCPUX": 60 }"""));
    }

    [Fact]
    public void FromJson_NotJson_Throws()
    {
        Should.Throw<JsonException>(() => ScaleInPolicy.FromJson("scaleOutCpu=60"));
    }

    [Theory]
    [InlineData("scaleOutCpu=60", "not valid JSON at line 1, byte 1, at 'scaleOutCpu=60'.")]
    [InlineData("{\n  \"maxStep\": 3 x\n}", "not valid JSON at line 2, byte 16, at 'x'.")]
    [InlineData("[1]", "a policy is a JSON object of the fields to change")]
    [InlineData("""{ "cooldown": "ten minutes" }""", "'cooldown' takes a duration \"hh:mm:ss\"")]
    [InlineData("""{ "maxStep": 2.5 }""", "'maxStep' takes a whole number, not 2.5.")]
    [InlineData("""{ "acceptSessionLoss": "yes" }""", "'acceptSessionLoss' takes true or false")]
    [InlineData("""{ "headroom": "Magic" }""", "'headroom' takes one of \"Learned\", \"Fixed\", not \"Magic\".")]
    [InlineData("""{ "maxstepp": 5 }""", "'maxstepp' is not a policy field; did you mean 'maxStep'?")]
    [InlineData("""{ "clientAffinity": true }""", "'clientAffinity' is not a policy field (the fields: acceptSessionLoss,")]
    public void FromJson_BadFile_SaysWhereAndWhatTheFieldTakesWithoutDotNetTypes(string json, string expected)
    {
        var ex = Should.Throw<JsonException>(() => ScaleInPolicy.FromJson(json));

        ex.Message.ShouldStartWith(expected);
        ex.Message.ShouldNotContain("System.");
        ex.Message.ShouldNotContain("Seamless.");
        ex.Message.ShouldNotContain("LineNumber");
    }

    [Fact]
    public void FromJson_DerivedFigureThatDisagrees_IsRefusedNotDropped()
    {
        // cpuLimit is derived (100 with learned headroom): a file stating 70 would otherwise be read and silently ignored.
        var ex = Should.Throw<JsonException>(() => ScaleInPolicy.FromJson("""{ "cpuLimit": 70 }"""));

        ex.Message.ShouldBe("'cpuLimit' is derived from the policy's other fields (100 with these) and cannot be set; set the fields it is derived from.");
    }

    [Fact]
    public void FromJson_DerivedFigureThatAgrees_IsAccepted()
    {
        var policy = ScaleInPolicy.FromJson("""{ "window": "00:15:00", "windowMinutes": 15, "headroom": "Fixed", "cpuLimit": 85 }""");

        policy.Window.ShouldBe(TimeSpan.FromMinutes(15));
        policy.CpuLimit.ShouldBe(85);
    }

    [Fact]
    public void ToJson_ThenFromJson_GivesAnEqualPolicy()
    {
        var policy = ScaleInPolicy.Default with { MaxStep = 3, Window = TimeSpan.FromMinutes(15), MissingSeasonalData = MissingSeasonalDataBehaviour.Hold };

        var back = ScaleInPolicy.FromJson(policy.ToJson());

        back.ShouldBe(policy);
        policy.ToJson().ShouldContain("\"missingSeasonalData\": \"Hold\"");
    }
}
