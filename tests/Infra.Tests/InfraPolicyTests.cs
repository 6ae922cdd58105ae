using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>Every .bicep file under infra/ parses without errors and passes every policy.</summary>
public sealed class InfraPolicyTests
{
    public static TheoryData<string> InfraFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryPaths.InfraBicepFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Infra_HasMainAndModules_AllFound()
    {
        var files = RepositoryPaths.InfraBicepFiles();

        files.ShouldContain("infra/main.bicep");
        files.ShouldContain("infra/types.bicep");
        files.Count(f => f.StartsWith("infra/modules/", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [MemberData(nameof(InfraFiles))]
    public void Parse_InfraFile_HasNoErrorOrMissingNodes(string file)
    {
        var root = BicepParser.Parse(file);

        BicepPolicies.Syntax(file, root).ShouldBeEmpty();
        root.HasError.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(InfraFiles))]
    public void Policies_InfraFile_NoViolations(string file)
    {
        var root = BicepParser.Parse(file);
        var allowed = BicepPolicies.LoadAllowedTypes(Path.Combine(RepositoryPaths.Infra, "allowed-resource-types.json"));

        var violations = BicepPolicies.All(file, root, allowed);

        violations.Select(v => v.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void Descriptions_AllInfraFiles_EveryParamAndOutputDescribed()
    {
        var declarations = RepositoryPaths.InfraBicepFiles()
            .SelectMany(f => Declaration.Of(BicepParser.Parse(f)))
            .Where(d => d.Kind is "parameter_declaration" or "output_declaration")
            .ToArray();

        declarations.Length.ShouldBeGreaterThan(50);
        declarations.ShouldAllBe(d => d.Description() != null);
    }

    [Fact]
    public void AllowedResourceTypes_EveryListedType_IsUsedSomewhere()
    {
        var allowed = BicepPolicies.LoadAllowedTypes(Path.Combine(RepositoryPaths.Infra, "allowed-resource-types.json"));
        var used = RepositoryPaths.InfraBicepFiles()
            .SelectMany(f => BicepParser.Parse(f).DescendantsAndSelf())
            .Where(n => n.Type == "resource_declaration")
            .Select(n => n.FirstChild("string")?.StringValue())
            .ToHashSet(StringComparer.Ordinal);

        var unused = allowed.SelectMany(t => t.Value.Select(v => $"{t.Key}@{v}")).Where(r => !used.Contains(r));

        unused.ShouldBeEmpty("the allow-list should only hold what infra/ uses");
    }
}
