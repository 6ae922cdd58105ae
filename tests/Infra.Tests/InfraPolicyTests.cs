using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>The compiled infra/main.bicep and every module template in it pass every policy.</summary>
public sealed class InfraPolicyTests
{
    private static readonly IReadOnlyDictionary<string, string[]> Allowed = ArmPolicies.LoadAllowedTypes(RepositoryPaths.AllowedResourceTypes);

    private static ArmTemplate Main => CompiledInfra.Instance.Main;

    // main.bicep and its modules, by symbolic name: the compiled template must hold exactly these.
    private static readonly string[] TemplatePaths =
    [
        "main",
        "main/identity",
        "main/monitoring",
        "main/storage",
        "main/functionApp",
        "main/demo",
        "main/operatorRole",
        "main/managedScopeAccess",
        "main/alerts",
    ];

    public static TheoryData<string> Templates() => new(TemplatePaths);

    [Fact]
    public void Main_Modules_AllCompiledIntoTheTemplate()
    {
        var paths = Main.SelfAndModules().Select(t => t.Path).ToArray();

        paths.ShouldBe(TemplatePaths, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Policies_Template_NoViolations(string path)
    {
        var template = Main.SelfAndModules().Single(t => t.Path == path);

        var violations = ArmPolicies.Local(template, Allowed);

        violations.Select(v => v.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void Descriptions_AllTemplates_EveryParamOutputAndTypePropertyDescribed()
    {
        var templates = Main.SelfAndModules().ToArray();

        var described = templates.Sum(t => t.Parameters.Count() + t.Outputs.Count());

        described.ShouldBeGreaterThan(80);
        templates.SelectMany(ArmPolicies.Descriptions).Select(v => v.ToString()).ShouldBeEmpty();
        templates.ShouldContain(t => t.Definitions.Any(d => d.Name == "scaleInPolicyType"));
    }

    [Fact]
    public void Resources_DeclaredAndExisting_EveryTypeFromTheAllowList()
    {
        var resources = Main.SelfAndModules().SelectMany(t => t.DeclaredResources).ToArray();

        resources.ShouldContain(r => r.IsExisting, "existing resources are checked too");
        Main.SelfAndModules().SelectMany(t => ArmPolicies.AllowedResourceTypes(t, Allowed)).Select(v => v.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void AllowedResourceTypes_EveryListedVersion_IsUsedSomewhere()
    {
        var used = Main.SelfAndModules()
            .SelectMany(t => t.DeclaredResources)
            .Select(r => $"{r.Type}@{r.ApiVersion}")
            .ToHashSet(StringComparer.Ordinal);

        var unused = Allowed.SelectMany(t => t.Value.Select(v => $"{t.Key}@{v}")).Where(r => !used.Contains(r));

        unused.ShouldBeEmpty("the allow-list should only hold what infra/ uses");
    }
}
