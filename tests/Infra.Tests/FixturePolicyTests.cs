using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>The policies that hold on infra/ catch the deliberately broken files in Fixtures/, compiled by the real compiler.</summary>
public sealed class FixturePolicyTests
{
    private static readonly IReadOnlyDictionary<string, string[]> Allowed = ArmPolicies.LoadAllowedTypes(RepositoryPaths.AllowedResourceTypes);
    private static readonly Lazy<(BicepRun Run, IReadOnlyDictionary<string, ArmTemplate> Templates)> Compiled = new(CompileAll);

    public static TheoryData<string, string, int> BrokenFixtures() => new()
    {
        // fixture, rule that must report it, minimum number of violations of that rule
        { "secret-output.bicep", ArmPolicies.SecretOutputRule, 4 },
        { "role-assignment-without-guid.bicep", ArmPolicies.RoleAssignmentRule, 2 },
        { "site-without-https.bicep", ArmPolicies.WebSiteRule, 3 },
        { "nested-module-site.bicep", ArmPolicies.WebSiteRule, 3 },
        { "storage-shared-key.bicep", ArmPolicies.StorageRule, 1 },
        { "missing-description.bicep", ArmPolicies.DescriptionRule, 2 },
        { "unlisted-api-version.bicep", ArmPolicies.AllowedTypeRule, 4 },
        { "alert-without-namespace.bicep", ArmPolicies.MetricNamespaceRule, 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenFixtures))]
    public void All_BrokenFixture_ReportsItsRule(string fixture, string rule, int minimum)
    {
        var template = Compile(fixture);

        var violations = ArmPolicies.All(template, Allowed);

        violations.Count(v => v.Rule == rule).ShouldBeGreaterThanOrEqualTo(minimum, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void SecretOutputs_SecretOutputFixture_NamesEachLeak()
    {
        var template = Compile("secret-output.bicep");

        var messages = ArmPolicies.SecretOutputs(template).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("'storageKey' is named like a secret", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("output 'storageKey' calls listKeys()", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("@secure() param 'adminPassword'", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("output 'hostUrl' calls listKeys()", StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_FixedName_ReportsGuidAndPrincipalType()
    {
        var template = Compile("role-assignment-without-guid.bicep");

        var messages = ArmPolicies.RoleAssignments(template).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("name must be guid(", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("principalType must be set", StringComparison.Ordinal));
    }

    [Fact]
    public void WebSites_InsecureSite_ReportsHttpsTlsAndFtps()
    {
        var template = Compile("site-without-https.bicep");

        var messages = ArmPolicies.WebSites(template).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("httpsOnly", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("minTlsVersion", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("ftpsState", StringComparison.Ordinal));
    }

    [Fact]
    public void All_NestedModuleFixture_ReportsTheViolationInTheModuleTemplate()
    {
        var template = Compile("nested-module-site.bicep");

        var violations = ArmPolicies.All(template, Allowed).Where(v => v.Rule == ArmPolicies.WebSiteRule).ToArray();

        template.Modules.Select(m => m.Path).ShouldBe(["main/insecureSite"]);
        violations.ShouldNotBeEmpty();
        violations.ShouldAllBe(v => v.Template == "main/insecureSite");
    }

    [Fact]
    public void AllowedResourceTypes_UnlistedFixture_NamesEachTypeAndVersion()
    {
        var template = Compile("unlisted-api-version.bicep");

        var messages = ArmPolicies.AllowedResourceTypes(template, Allowed).Select(v => v.Message).ToArray();

        messages.ShouldContain(m => m.Contains("'Microsoft.Web/serverfarms@2018-02-01'", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("'Microsoft.KeyVault/vaults@2023-07-01'", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("'Microsoft.Storage/storageAccounts/blobServices@2023-05-01'", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_EveryFixtureButTheSyntaxOne_Builds()
    {
        var fixtures = Directory.EnumerateFiles(RepositoryPaths.Fixtures, "*.bicep").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

        var (run, templates) = Compiled.Value;

        fixtures.Length.ShouldBe(9);
        fixtures.Except(templates.Keys).ShouldBe(["syntax-error"]);
        run.Errors.Select(e => Path.GetFileName(e.File)).Distinct().ShouldBe(["syntax-error.bicep"], run.Report);
    }

    [Fact]
    public void Compile_SyntaxErrorFixture_ReportsTheErrorWhereItIs()
    {
        var errors = Compiled.Value.Run.Errors.Where(e => e.File.EndsWith("syntax-error.bicep", StringComparison.Ordinal)).ToArray();

        errors.ShouldNotBeEmpty(Compiled.Value.Run.Report);
        errors.ShouldAllBe(e => e.Line >= 5);
        errors.ShouldContain(e => e.Code == "BCP018");
    }

    [Fact]
    public void Compile_SecretOutputFixture_TheLinterFlagsItToo()
    {
        var codes = Compiled.Value.Run.Warnings.Where(e => e.File.EndsWith("secret-output.bicep", StringComparison.Ordinal)).Select(e => e.Code);

        codes.ShouldBe(["outputs-should-not-contain-secrets", "outputs-should-not-contain-secrets", "outputs-should-not-contain-secrets"], Compiled.Value.Run.Report);
    }

    private static ArmTemplate Compile(string fixture) =>
        Compiled.Value.Templates.TryGetValue(Path.GetFileNameWithoutExtension(fixture), out var template)
            ? template
            : throw new InvalidOperationException($"{fixture} did not compile: {Compiled.Value.Run.Report}");

    // One compiler run for every fixture (the compiler writes a template for each one that builds).
    private static (BicepRun, IReadOnlyDictionary<string, ArmTemplate>) CompileAll()
    {
        var scratch = RepositoryPaths.NewScratchDirectory();
        try
        {
            var pattern = Path.GetRelativePath(RepositoryPaths.Root, Path.Combine(RepositoryPaths.Fixtures, "*.bicep")).Replace('\\', '/');
            var run = BicepCli.Run(["build", "--pattern", pattern, "--outdir", scratch]);
            var templates = Directory.EnumerateFiles(scratch, "*.json")
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => ArmTemplate.Parse(File.ReadAllText(f)), StringComparer.Ordinal);
            return (run, templates);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
