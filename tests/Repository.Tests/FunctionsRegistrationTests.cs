using System.Reflection;
using System.Text.RegularExpressions;

namespace Seamless.Repository.Tests;

/// <summary>
/// src/Functions cannot be compiled here, so its text is checked against the workflow catalog: every
/// orchestrator and activity the embedded engine registers must be a Durable function of the same name.
/// </summary>
public sealed partial class FunctionsRegistrationTests
{
    [Fact]
    public void FunctionsApp_ExposesEveryCatalogName()
    {
        string root = RepoRoot.Find();
        string source = string.Join('\n', Directory.GetFiles(Path.Combine(root, "src", "Functions"), "*.cs").Select(File.ReadAllText));
        var constants = typeof(Seamless.Workflows.Activities.ActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(Seamless.Workflows.WorkflowNames).GetFields(BindingFlags.Public | BindingFlags.Static))
            .ToDictionary(f => (string)f.GetValue(null)!, f => f.DeclaringType!.Name + "." + f.Name);
        var exposed = FunctionAttribute().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        var registry = Seamless.Workflows.WorkflowCatalog.Create();

        var missing = registry.Activities.Select(a => a.Name).Concat(registry.Orchestrators.Select(o => o.Name))
            .Where(name => !exposed.Contains(constants[name]))
            .ToList();

        missing.ShouldBeEmpty("these catalog entries have no [Function] in src/Functions");
    }

    [GeneratedRegex(@"\[Function\((\w+\.\w+)\)\]")]
    private static partial Regex FunctionAttribute();
}
