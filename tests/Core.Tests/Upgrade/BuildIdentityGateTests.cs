using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class BuildIdentityGateTests
{
    private static readonly BuildIdentityPolicy Setting = BuildIdentityPolicy.Default;
    private static readonly BuildIdentityPolicy Image = new() { Source = BuildIdentitySource.ContainerImage };

    public static TheoryData<string, BuildIdentityPolicy, string?, string?, string[], BuildIdentityOutcome, string> Cases => new()
    {
        { "staging holds the build", Setting, "v2", "v1", [], BuildIdentityOutcome.Proceed, "staging runs v2 (app setting SEAMLESS_BUILD_VERSION); production runs v1" },
        { "production unidentified", Setting, "v2", null, [], BuildIdentityOutcome.Proceed, "production runs an unidentified build" },
        { "production already runs it", Setting, "v1", "v2", [], BuildIdentityOutcome.AlreadyServing, "production already runs v2" },
        { "both run it", Setting, "v2", "v2", [], BuildIdentityOutcome.AlreadyServing, "nothing to release" },
        { "other build in staging", Setting, "v3", "v1", [], BuildIdentityOutcome.Mismatch, "staging runs v3, not the requested v2" },
        { "setting not set", Setting, null, "v1", [], BuildIdentityOutcome.Unidentified, "its app setting SEAMLESS_BUILD_VERSION is not set" },
        { "setting blank", Setting, "  ", "v1", [], BuildIdentityOutcome.Unidentified, "could not be identified" },
        { "setting is sticky", Setting, "v2", "v1", ["seamless_build_version"], BuildIdentityOutcome.Misconfigured, "is a slot setting" },
        { "sticky does not matter for images", Image, "DOCKER|reg.io/app:v2", "DOCKER|reg.io/app:v1", ["SEAMLESS_BUILD_VERSION"], BuildIdentityOutcome.Proceed, "staging runs DOCKER|reg.io/app:v2" },
        { "image tag already in production", Image, "DOCKER|reg.io/app:v1", "DOCKER|reg.io/app:v2", [], BuildIdentityOutcome.AlreadyServing, "production already runs DOCKER|reg.io/app:v2" },
        { "image with another tag", Image, "DOCKER|reg.io/app:v3", "DOCKER|reg.io/app:v1", [], BuildIdentityOutcome.Mismatch, "not the requested v2" },
        { "case differs", Setting, "V2", "v1", [], BuildIdentityOutcome.Mismatch, "staging runs V2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Case_OutcomeAndMessageNameWhatWasObserved(string name, BuildIdentityPolicy policy, string? staging, string? production, string[] sticky, BuildIdentityOutcome expected, string message)
    {
        var verdict = BuildIdentityGate.Evaluate(policy, "v2", new ObservedBuild("staging", staging), new ObservedBuild("production", production), sticky);

        verdict.Outcome.ShouldBe(expected, name);
        verdict.Message.ShouldContain(message);
        verdict.Proceeds.ShouldBe(expected == BuildIdentityOutcome.Proceed);
        verdict.Requested.ShouldBe("v2");
    }

    [Fact]
    public void Evaluate_IdentityOff_NotCheckedProceedsAndSaysTheVersionIsALabel()
    {
        var verdict = BuildIdentityGate.Evaluate(new BuildIdentityPolicy { Source = BuildIdentitySource.None }, "v2", null, null, []);

        verdict.Outcome.ShouldBe(BuildIdentityOutcome.NotChecked);
        verdict.Proceeds.ShouldBeTrue();
        verdict.Message.ShouldContain("'v2' is the request's label, not an observed version");
        verdict.Source.ShouldBeNull();
    }

    [Theory]
    [InlineData("DOCKER|reg.io/team/app:v2", "v2", true)]
    [InlineData("DOCKER|reg.io/team/app:v2", "reg.io/team/app:v2", true)]
    [InlineData("DOCKER|reg.io/team/app:v2", "DOCKER|reg.io/team/app:v2", true)]
    [InlineData("DOCKER|reg.io/team/app@sha256:abc", "sha256:abc", true)]
    [InlineData("DOCKER|reg.io:5000/app", "5000/app", false)]
    [InlineData("DOCKER|reg.io/team/app:v2", "app:v2", false)]
    [InlineData("DOCKER|reg.io/team/app:v21", "v2", false)]
    [InlineData(null, "v2", false)]
    public void Matches_ContainerImage_TagDigestOrWholeReference(string? observed, string requested, bool expected)
    {
        BuildIdentityGate.Matches(Image, requested, observed).ShouldBe(expected);
    }

    [Fact]
    public void Matches_AppSetting_ExactOnlyAfterTrimming()
    {
        BuildIdentityGate.Matches(Setting, "v2", " v2 ").ShouldBeTrue();
        BuildIdentityGate.Matches(Setting, "v2", "app:v2").ShouldBeFalse();
    }

    [Theory]
    [InlineData(BuildIdentitySource.AppSetting, "SEAMLESS_BUILD_VERSION", 0)]
    [InlineData(BuildIdentitySource.AppSetting, "", 1)]
    [InlineData(BuildIdentitySource.AppSetting, "BAD NAME", 1)]
    [InlineData(BuildIdentitySource.ContainerImage, "", 0)]
    [InlineData((BuildIdentitySource)9, "X", 1)]
    public void Validate_Policy_FindsTheProblems(BuildIdentitySource source, string setting, int problems)
    {
        new BuildIdentityPolicy { Source = source, AppSetting = setting }.Validate().Count.ShouldBe(problems);
    }
}
