using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>The same checks that run on infra/ catch deliberately broken files in Fixtures/.</summary>
public sealed class FixturePolicyTests
{
    private static readonly IReadOnlyDictionary<string, string[]> Allowed =
        BicepPolicies.LoadAllowedTypes(Path.Combine(RepositoryPaths.Infra, "allowed-resource-types.json"));

    public static TheoryData<string, string, int> BrokenFixtures() => new()
    {
        // fixture, rule that must report it, minimum number of violations of that rule
        { "syntax-error.bicep", BicepPolicies.SyntaxRule, 1 },
        { "secret-output.bicep", BicepPolicies.SecretOutputRule, 3 },
        { "role-assignment-without-guid.bicep", BicepPolicies.RoleAssignmentRule, 2 },
        { "site-without-https.bicep", BicepPolicies.WebSiteRule, 3 },
        { "storage-shared-key.bicep", BicepPolicies.StorageRule, 1 },
        { "missing-description.bicep", BicepPolicies.DescriptionRule, 2 },
        { "unlisted-api-version.bicep", BicepPolicies.AllowedTypeRule, 4 },
        { "alert-without-namespace.bicep", BicepPolicies.MetricNamespaceRule, 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenFixtures))]
    public void All_BrokenFixture_ReportsItsRule(string fixture, string rule, int minimum)
    {
        var root = BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, fixture));

        var violations = BicepPolicies.All(fixture, root, Allowed);

        violations.Count(v => v.Rule == rule).ShouldBeGreaterThanOrEqualTo(minimum, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void SecretOutputs_SecretOutputFixture_NamesEachLeak()
    {
        var root = BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, "secret-output.bicep"));

        var messages = BicepPolicies.SecretOutputs("secret-output.bicep", root).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("'storageKey' is named like a secret", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("calls listKeys()", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("@secure() param 'adminPassword'", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("output 'hostUrl' calls listKeys()", StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_FixedName_ReportsGuidAndPrincipalType()
    {
        var root = BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, "role-assignment-without-guid.bicep"));

        var messages = BicepPolicies.RoleAssignments("fixture", root).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("name must be guid(", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("principalType must be set", StringComparison.Ordinal));
    }

    [Fact]
    public void WebSites_InsecureSite_ReportsHttpsTlsAndFtps()
    {
        var root = BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, "site-without-https.bicep"));

        var messages = BicepPolicies.WebSites("fixture", root).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("httpsOnly", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("minTlsVersion", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("ftpsState", StringComparison.Ordinal));
    }

    [Fact]
    public void Syntax_SyntaxErrorFixture_ReportsLineOfTheError()
    {
        var root = BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, "syntax-error.bicep"));

        var violations = BicepPolicies.Syntax("syntax-error.bicep", root).ToArray();

        root.HasError.ShouldBeTrue();
        violations.ShouldNotBeEmpty();
        violations.ShouldAllBe(v => v.Line >= 5);
    }

    [Fact]
    public void All_BrokenFixtures_OnlyTheSyntaxFixtureHasSyntaxErrors()
    {
        var fixtures = Directory.EnumerateFiles(RepositoryPaths.Fixtures, "*.bicep").Select(Path.GetFileName).ToArray();

        var withSyntaxErrors = fixtures
            .Where(f => BicepPolicies.Syntax(f!, BicepParser.Parse(Path.Combine(RepositoryPaths.Fixtures, f!))).Any())
            .ToArray();

        fixtures.Length.ShouldBe(8);
        withSyntaxErrors.ShouldBe(["syntax-error.bicep"]);
    }
}
