using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// A compiled ARM template (the JSON <c>bicep build</c> writes) and the templates of its modules, which
/// the compiler nests as <c>Microsoft.Resources/deployments</c>. Reads both resource layouts: the array
/// of classic templates and the symbolic-name object of languageVersion 2.0.
/// </summary>
public sealed partial class ArmTemplate
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    private ArmTemplate(string path, JsonElement root)
    {
        Path = path;
        Root = root;
        Resources = ReadResources(root).ToArray();
        Modules = Resources
            .Where(r => r.Type == DeploymentType && r.Json.TryGetProperty("properties", out var p) && p.TryGetProperty("template", out _))
            .Select(r => new ArmTemplate($"{path}/{r.SymbolicName}", r.Json.GetProperty("properties").GetProperty("template")))
            .ToArray();
    }

    /// <summary>Gets where the template sits: <c>main</c>, then <c>/symbolicName</c> per module level.</summary>
    public string Path { get; }

    /// <summary>Gets the template JSON.</summary>
    public JsonElement Root { get; }

    /// <summary>Gets the resources the template declares (existing ones too, where the layout lists them), modules excluded.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>Gets the templates of the modules (nested deployments) declared directly in this one.</summary>
    public IReadOnlyList<ArmTemplate> Modules { get; }

    /// <summary>Gets the declared resources that are not modules.</summary>
    public IEnumerable<ArmResource> DeclaredResources => Resources.Where(r => r.Type != DeploymentType);

    /// <summary>Gets the parameters (name, declaration).</summary>
    public IEnumerable<(string Name, JsonElement Declaration)> Parameters => Section("parameters");

    /// <summary>Gets the outputs (name, declaration).</summary>
    public IEnumerable<(string Name, JsonElement Declaration)> Outputs => Section("outputs");

    /// <summary>Gets the user-defined types (name, definition).</summary>
    public IEnumerable<(string Name, JsonElement Definition)> Definitions => Section("definitions");

    /// <summary>Parses compiled template JSON.</summary>
    public static ArmTemplate Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return new ArmTemplate("main", document.RootElement.Clone());
    }

    /// <summary>This template and every module template below it, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules()
    {
        yield return this;
        foreach (var template in Modules.SelectMany(m => m.SelfAndModules()))
        {
            yield return template;
        }
    }

    /// <summary>The template of the module with this symbolic name (declared directly in this template).</summary>
    public ArmTemplate Module(string symbolicName) =>
        Modules.SingleOrDefault(m => m.Path == $"{Path}/{symbolicName}")
        ?? throw new InvalidOperationException($"{Path} declares no module '{symbolicName}'; it has {string.Join(", ", Modules.Select(m => m.Path))}.");

    /// <summary>The only declared resource of this type (not existing).</summary>
    public ArmResource Resource(string type) => DeclaredResources.Single(r => r.Type == type && !r.IsExisting);

    /// <summary>The resource with this symbolic name.</summary>
    public ArmResource ResourceNamed(string symbolicName) => Resources.Single(r => r.SymbolicName == symbolicName);

    /// <summary>The value of a variable, following <c>[variables('…')]</c> references.</summary>
    public JsonElement Variable(string name) => Resolve(Root.GetProperty("variables").GetProperty(name));

    /// <summary>Follows a value that is exactly <c>[variables('…')]</c> to the variable; anything else is returned as it is.</summary>
    public JsonElement Resolve(JsonElement value)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            if (value.ValueKind != JsonValueKind.String || VariableReference().Match(value.GetString()!) is not { Success: true } match)
            {
                return value;
            }

            value = Root.GetProperty("variables").GetProperty(match.Groups[1].Value);
        }

        throw new InvalidOperationException($"{Path}: variables refer to each other too deeply.");
    }

    public override string ToString() => Path;

    private IEnumerable<(string Name, JsonElement Value)> Section(string name) =>
        Root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section.EnumerateObject().Select(p => (p.Name, p.Value))
            : [];

    private IEnumerable<ArmResource> ReadResources(JsonElement root)
    {
        if (!root.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        if (resources.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in resources.EnumerateObject())
            {
                yield return new ArmResource(this, property.Name, property.Value);
            }
        }
        else
        {
            var index = 0;
            foreach (var resource in resources.EnumerateArray())
            {
                yield return new ArmResource(this, $"resources[{index++}]", resource);
            }
        }
    }

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}
