using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// Policies checked on the syntax tree of a Bicep file. Each returns the violations it finds, so the
/// tests can assert both that infra/ is clean and that deliberately broken fixtures are caught.
/// </summary>
public static partial class BicepPolicies
{
    public const string SyntaxRule = "syntax";
    public const string DescriptionRule = "description";
    public const string SecretOutputRule = "secret-output";
    public const string WebSiteRule = "web-site-hardening";
    public const string StorageRule = "storage-shared-key";
    public const string RoleAssignmentRule = "role-assignment";
    public const string AllowedTypeRule = "allowed-resource-type";
    public const string MetricNamespaceRule = "metric-namespace";

    private static readonly string[] SecretWords = ["key", "secret", "password", "connectionstring"];

    public static IReadOnlyList<PolicyViolation> All(string file, SyntaxNode root, IReadOnlyDictionary<string, string[]> allowedTypes) =>
    [
        .. Syntax(file, root),
        .. Descriptions(file, root),
        .. SecretOutputs(file, root),
        .. WebSites(file, root),
        .. Storage(file, root),
        .. RoleAssignments(file, root),
        .. AllowedResourceTypes(file, root, allowedTypes),
        .. MetricNamespaces(file, root),
    ];

    /// <summary>No ERROR or MISSING node anywhere in the tree.</summary>
    public static IEnumerable<PolicyViolation> Syntax(string file, SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.DescendantsAndSelf()
            .Where(n => n.IsError || n.IsMissing)
            .Select(n => new PolicyViolation(
                SyntaxRule, file, n.Line, n.IsMissing ? $"missing {n.Type}" : $"syntax error near '{Shorten(n.LeafText())}'"));
    }

    /// <summary>Every param and output has @description('Required. …') or @description('Optional. …').</summary>
    public static IEnumerable<PolicyViolation> Descriptions(string file, SyntaxNode root) =>
        Declaration.Of(root)
            .Where(d => d.Kind is "parameter_declaration" or "output_declaration")
            .Where(d => d.Description() is not { } text
                || !(text.StartsWith("Required. ", StringComparison.Ordinal) || text.StartsWith("Optional. ", StringComparison.Ordinal)))
            .Select(d => new PolicyViolation(
                DescriptionRule, file, d.Line,
                $"{(d.Kind == "output_declaration" ? "output" : "param")} '{d.Name}' needs @description('Required. …') or @description('Optional. …')"));

    /// <summary>No output looks like or carries a secret: names, referenced members, list*() calls, secure params.</summary>
    public static IEnumerable<PolicyViolation> SecretOutputs(string file, SyntaxNode root)
    {
        var declarations = Declaration.Of(root);
        var secureParams = declarations
            .Where(d => d.Kind == "parameter_declaration" && d.Decorator("secure") is not null)
            .Select(d => d.Name)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var output in declarations.Where(d => d.Kind == "output_declaration"))
        {
            if (ContainsSecretWord(output.Name))
            {
                yield return new PolicyViolation(SecretOutputRule, file, output.Line, $"output '{output.Name}' is named like a secret");
            }

            if (output.Decorator("secure") is not null)
            {
                yield return new PolicyViolation(SecretOutputRule, file, output.Line, $"output '{output.Name}' is @secure(): secrets stay out of outputs");
            }

            var value = output.Value();
            if (value is null)
            {
                continue;
            }

            foreach (var node in value.DescendantsAndSelf())
            {
                var name = node.Type is "identifier" or "property_identifier" ? node.Text ?? string.Empty : string.Empty;
                if (node.Type == "call_expression" && ListFunction().IsMatch(CalleeName(node)))
                {
                    yield return new PolicyViolation(SecretOutputRule, file, output.Line, $"output '{output.Name}' calls {CalleeName(node)}()");
                }
                else if (secureParams.Contains(name) && node.Type == "identifier")
                {
                    yield return new PolicyViolation(SecretOutputRule, file, output.Line, $"output '{output.Name}' returns the @secure() param '{name}'");
                }
                else if (name.Length > 0 && ContainsSecretWord(name))
                {
                    yield return new PolicyViolation(SecretOutputRule, file, output.Line, $"output '{output.Name}' reads '{name}'");
                }
            }
        }
    }

    /// <summary>Every Microsoft.Web/sites and sites/slots: httpsOnly true, TLS 1.2 minimum, FTPS disabled.</summary>
    public static IEnumerable<PolicyViolation> WebSites(string file, SyntaxNode root)
    {
        foreach (var (resource, type, body) in DeclaredResources(root))
        {
            if (type is not ("Microsoft.Web/sites" or "Microsoft.Web/sites/slots"))
            {
                continue;
            }

            if (body.Path("properties.httpsOnly").BooleanValue() != true)
            {
                yield return new PolicyViolation(WebSiteRule, file, resource.Line, $"{resource.Name}: properties.httpsOnly must be true");
            }

            if (body.Path("properties.siteConfig.minTlsVersion")?.StringValue() is not ("1.2" or "1.3"))
            {
                yield return new PolicyViolation(WebSiteRule, file, resource.Line, $"{resource.Name}: properties.siteConfig.minTlsVersion must be '1.2' or higher");
            }

            if (body.Path("properties.siteConfig.ftpsState")?.StringValue() != "Disabled")
            {
                yield return new PolicyViolation(WebSiteRule, file, resource.Line, $"{resource.Name}: properties.siteConfig.ftpsState must be 'Disabled'");
            }
        }
    }

    /// <summary>Every storage account: allowSharedKeyAccess false and TLS 1.2 minimum.</summary>
    public static IEnumerable<PolicyViolation> Storage(string file, SyntaxNode root)
    {
        foreach (var (resource, type, body) in DeclaredResources(root))
        {
            if (type != "Microsoft.Storage/storageAccounts")
            {
                continue;
            }

            if (body.Path("properties.allowSharedKeyAccess").BooleanValue() != false)
            {
                yield return new PolicyViolation(StorageRule, file, resource.Line, $"{resource.Name}: properties.allowSharedKeyAccess must be false");
            }

            if (body.Path("properties.minimumTlsVersion")?.StringValue() != "TLS1_2")
            {
                yield return new PolicyViolation(StorageRule, file, resource.Line, $"{resource.Name}: properties.minimumTlsVersion must be 'TLS1_2'");
            }
        }
    }

    /// <summary>Every role assignment: name is guid(...) and properties.principalType is set.</summary>
    public static IEnumerable<PolicyViolation> RoleAssignments(string file, SyntaxNode root)
    {
        foreach (var (resource, type, body) in DeclaredResources(root))
        {
            if (type != "Microsoft.Authorization/roleAssignments")
            {
                continue;
            }

            if (!body.Property("name").IsCallOf("guid"))
            {
                yield return new PolicyViolation(RoleAssignmentRule, file, resource.Line, $"{resource.Name}: name must be guid(scope.id, principalId, roleId)");
            }

            if (body.Path("properties.principalType") is null)
            {
                yield return new PolicyViolation(RoleAssignmentRule, file, resource.Line, $"{resource.Name}: properties.principalType must be set");
            }
        }
    }

    /// <summary>Every resource (existing ones too) uses a type@apiVersion from infra/allowed-resource-types.json.</summary>
    public static IEnumerable<PolicyViolation> AllowedResourceTypes(string file, SyntaxNode root, IReadOnlyDictionary<string, string[]> allowedTypes)
    {
        ArgumentNullException.ThrowIfNull(allowedTypes);
        foreach (var resource in AllResources(root))
        {
            var reference = resource.ResourceTypeReference() ?? string.Empty;
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var type = at < 0 ? reference : reference[..at];
            var version = at < 0 ? string.Empty : reference[(at + 1)..];
            if (!type.Contains('/', StringComparison.Ordinal))
            {
                yield return new PolicyViolation(AllowedTypeRule, file, resource.Line, $"{resource.Name}: write the full resource type, not '{reference}'");
            }
            else if (!allowedTypes.TryGetValue(type, out var versions) || !versions.Contains(version, StringComparer.Ordinal))
            {
                yield return new PolicyViolation(AllowedTypeRule, file, resource.Line, $"{resource.Name}: '{reference}' is not in infra/allowed-resource-types.json");
            }
        }
    }

    /// <summary>Every metric criterion (an object with metricName) also sets metricNamespace.</summary>
    public static IEnumerable<PolicyViolation> MetricNamespaces(string file, SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.DescendantsAndSelf()
            .Where(n => n.Type == "object" && n.Property("metricName") is not null && n.Property("metricNamespace") is null)
            .Select(n => new PolicyViolation(MetricNamespaceRule, file, n.Line, "metric criterion without metricNamespace"));
    }

    /// <summary>Reads infra/allowed-resource-types.json: { "Type": ["apiVersion", …] } (keys starting with '$' are comments).</summary>
    public static IReadOnlyDictionary<string, string[]> LoadAllowedTypes(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('$'))
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
    }

    private static IEnumerable<(Declaration Resource, string Type, SyntaxNode Body)> DeclaredResources(SyntaxNode root)
    {
        foreach (var resource in AllResources(root).Where(d => !d.IsExisting))
        {
            var reference = resource.ResourceTypeReference() ?? string.Empty;
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var body = resource.Body();
            if (body is not null)
            {
                yield return (resource, at < 0 ? reference : reference[..at], body);
            }
        }
    }

    // Nested resource declarations (inside a parent's body) count too; they carry no decorators here.
    private static IEnumerable<Declaration> AllResources(SyntaxNode root) =>
        root.DescendantsAndSelf().Where(n => n.Type == "resource_declaration").Select(n => new Declaration(n, []));

    private static bool ContainsSecretWord(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static string CalleeName(SyntaxNode call)
    {
        var function = call.NamedChildren.FirstOrDefault();
        return (function?.Type == "member_expression" ? function.NamedChildren.LastOrDefault()?.Text : function?.Text) ?? string.Empty;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^list", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListFunction();
}
