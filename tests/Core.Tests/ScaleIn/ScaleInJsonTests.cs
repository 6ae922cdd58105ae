using System.Text.Json;
using Seamless.Core.ScaleIn;
using static Seamless.Core.Tests.ScaleIn.ScaleInScenario;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleInJsonTests
{
    public static TheoryData<string> OptionNames => new("web defaults", "ScaleInJson.Options");

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Context_RoundTrips(string options)
    {
        var context = Eligible() with
        {
            VetoActive = true,
            VetoUntil = Now.AddMinutes(30),
            VetoReason = "alert",
            LeaseHeld = true,
            LeaseHolder = "upgrade:shop",
            UnhealthyInstances = ["in2"],
            RecentScaleIns = [new ScaleInRecord(Now.AddMinutes(-30), 1)],
            Samples = Samples(30) with { CpuPercent = WithGap(30, 10, 3) },
        };

        var (json, again) = RoundTrip(context, Pick(options));

        again.ShouldBe(json);
        json.ShouldContain("\"planId\"");
        json.ShouldContain("null");
    }

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Decision_RoundTripsWithEnumsAsStrings(string options)
    {
        var headroom = new Seamless.Core.ScaleIn.Headroom.HeadroomEstimate(0.1, 3, 1.12, new Seamless.Core.ScaleIn.Headroom.HeadroomSetting(1.2, 10, Seasonal: true), 1.8, 2.1, 3, 1.2, Learned: true, 0.02);
        var decision = ScaleInEvaluator.Evaluate(Eligible() with { Headroom = headroom }, ScaleInPolicy.Default);

        var (json, again) = RoundTrip(decision, Pick(options));

        again.ShouldBe(json);
        json.ShouldContain("\"action\":\"ScaleIn\"");
        json.ShouldContain("\"budgetPercent\":0.1");
        json.ShouldContain("\"burst\":1.12");
        json.ShouldContain("\"required\":3");
        json.ShouldContain("\"outcome\":\"Continue\"");
        json.ShouldContain("\"signal\":\"Cpu\"");
        json.ShouldContain("\"ruleTrail\"");
    }

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void SmallRecords_RoundTrip(string options)
    {
        var o = Pick(options);
        var verdict = ScaleInVerification.Evaluate(new VerificationSample(0, 100, 40), new VerificationSample(5, 100, 40), ScaleInPolicy.Default);
        var scaleOut = ScaleOutRule.Compute(8, 30, ScaleInPolicy.Default);

        JsonSerializer.Deserialize<VerificationVerdict>(JsonSerializer.Serialize(verdict, o), o).ShouldBe(verdict);
        JsonSerializer.Deserialize<ScaleOutDecision>(JsonSerializer.Serialize(scaleOut, o), o).ShouldBe(scaleOut);
        JsonSerializer.Serialize(verdict, o).ShouldContain("\"outcome\":\"Revert\"");
    }

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Policy_RoundTripsEqual(string options)
    {
        var o = Pick(options);
        var policy = ScaleInPolicy.Default with { MaxStep = 2, MissingSeasonalData = MissingSeasonalDataBehaviour.Hold };

        var back = JsonSerializer.Deserialize<ScaleInPolicy>(JsonSerializer.Serialize(policy, o), o);

        back.ShouldBe(policy);
    }

    private static JsonSerializerOptions Pick(string name) => name == "web defaults" ? JsonSerializerOptions.Web : ScaleInJson.Options;

    private static (string Json, string Again) RoundTrip<T>(T value, JsonSerializerOptions options)
    {
        var json = JsonSerializer.Serialize(value, options);
        var back = JsonSerializer.Deserialize<T>(json, options);
        return (json, JsonSerializer.Serialize(back, options));
    }
}
