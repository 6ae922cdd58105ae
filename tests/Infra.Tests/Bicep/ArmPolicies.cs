using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// Policies checked on compiled ARM templates (module templates included). Each returns the violations
/// it finds, so the tests can assert both that infra/ is clean and that the broken fixtures are caught.
/// Syntax and types are the compiler's job (BicepCompilerTests); these are the house rules on top.
/// </summary>
public static partial class ArmPolicies
{
    public const string DescriptionRule = "description";
    public const string SecretOutputRule = "secret-output";
    public const string WebSiteRule = "web-site-hardening";
    public const string StorageRule = "storage-shared-key";
    public const string RoleAssignmentRule = "role-assignment";
    public const string AllowedTypeRule = "allowed-resource-type";
    public const string MetricNamespaceRule = "metric-namespace";

    private static readonly string[] SecretWords = ["key", "secret", "password", "connectionstring"];

    /// <summary>Every policy on the template and on each of its module templates.</summary>
    public static IReadOnlyList<PolicyViolation> All(ArmTemplate template, IReadOnlyDictionary<string, string[]> allowedTypes)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.SelfAndModules().SelectMany(t => Local(t, allowedTypes)).ToArray();
    }

    /// <summary>Every policy on this template alone (not its modules).</summary>
    public static IEnumerable<PolicyViolation> Local(ArmTemplate template, IReadOnlyDictionary<string, string[]> allowedTypes) =>
    [
        .. Descriptions(template),
        .. SecretOutputs(template),
        .. WebSites(template),
        .. Storage(template),
        .. RoleAssignments(template),
        .. AllowedResourceTypes(template, allowedTypes),
        .. MetricNamespaces(template),
    ];

    /// <summary>
    /// Every param and output has a description starting 'Required. ' or 'Optional. ', and so does every
    /// property of a user-defined type.
    /// </summary>
    public static IEnumerable<PolicyViolation> Descriptions(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var (name, declaration) in template.Parameters)
        {
            if (!IsRequiredOrOptional(declaration))
            {
                yield return new PolicyViolation(DescriptionRule, template.Path, $"param {name}", $"param '{name}' needs @description('Required. …') or @description('Optional. …')");
            }
        }

        foreach (var (name, declaration) in template.Outputs)
        {
            if (!IsRequiredOrOptional(declaration))
            {
                yield return new PolicyViolation(DescriptionRule, template.Path, $"output {name}", $"output '{name}' needs @description('Required. …') or @description('Optional. …')");
            }
        }

        foreach (var (name, definition) in template.Definitions)
        {
            foreach (var (property, declaration) in TypeProperties(name, definition))
            {
                if (!IsRequiredOrOptional(declaration))
                {
                    yield return new PolicyViolation(DescriptionRule, template.Path, $"type {name}", $"property '{property}' needs @description('Required. …') or @description('Optional. …')");
                }
            }
        }
    }

    /// <summary>No output looks like or carries a secret: secret-like names, @secure() outputs, list*() calls, secure params, secret-like members.</summary>
    public static IEnumerable<PolicyViolation> SecretOutputs(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var secureParams = template.Parameters
            .Where(p => p.Declaration.StringAt("type") is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, declaration) in template.Outputs)
        {
            var symbol = $"output {name}";
            if (ContainsSecretWord(name))
            {
                yield return new PolicyViolation(SecretOutputRule, template.Path, symbol, $"output '{name}' is named like a secret");
            }

            if (declaration.StringAt("type") is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            {
                yield return new PolicyViolation(SecretOutputRule, template.Path, symbol, $"output '{name}' is @secure(): secrets stay out of outputs");
            }

            var value = declaration.TryGetProperty("value", out var v) ? string.Join(' ', v.Strings()) : string.Empty;
            foreach (Match call in ListCall().Matches(value))
            {
                yield return new PolicyViolation(SecretOutputRule, template.Path, symbol, $"output '{name}' calls {call.Groups[1].Value}()");
            }

            foreach (Match parameter in ParameterReference().Matches(value))
            {
                if (secureParams.Contains(parameter.Groups[1].Value))
                {
                    yield return new PolicyViolation(SecretOutputRule, template.Path, symbol, $"output '{name}' returns the @secure() param '{parameter.Groups[1].Value}'");
                }
            }

            foreach (Match member in MemberAccess().Matches(value))
            {
                if (ContainsSecretWord(member.Groups[1].Value))
                {
                    yield return new PolicyViolation(SecretOutputRule, template.Path, symbol, $"output '{name}' reads '{member.Groups[1].Value}'");
                }
            }
        }
    }

    /// <summary>Every Microsoft.Web/sites and sites/slots: httpsOnly true, TLS 1.2 minimum, FTPS disabled.</summary>
    public static IEnumerable<PolicyViolation> WebSites(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var resource in Declared(template, "Microsoft.Web/sites", "Microsoft.Web/sites/slots"))
        {
            if (resource.Json.BooleanAt("properties.httpsOnly") != true)
            {
                yield return Violation(WebSiteRule, resource, "properties.httpsOnly must be true");
            }

            if (resource.Json.StringAt("properties.siteConfig.minTlsVersion") is not ("1.2" or "1.3"))
            {
                yield return Violation(WebSiteRule, resource, "properties.siteConfig.minTlsVersion must be '1.2' or higher");
            }

            if (resource.Json.StringAt("properties.siteConfig.ftpsState") != "Disabled")
            {
                yield return Violation(WebSiteRule, resource, "properties.siteConfig.ftpsState must be 'Disabled'");
            }
        }
    }

    /// <summary>Every storage account: allowSharedKeyAccess false and TLS 1.2 minimum.</summary>
    public static IEnumerable<PolicyViolation> Storage(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var resource in Declared(template, "Microsoft.Storage/storageAccounts"))
        {
            if (resource.Json.BooleanAt("properties.allowSharedKeyAccess") != false)
            {
                yield return Violation(StorageRule, resource, "properties.allowSharedKeyAccess must be false");
            }

            if (resource.Json.StringAt("properties.minimumTlsVersion") != "TLS1_2")
            {
                yield return Violation(StorageRule, resource, "properties.minimumTlsVersion must be 'TLS1_2'");
            }
        }
    }

    /// <summary>Every role assignment: name is guid(...) and properties.principalType is set.</summary>
    public static IEnumerable<PolicyViolation> RoleAssignments(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var resource in Declared(template, "Microsoft.Authorization/roleAssignments"))
        {
            if (!resource.Name.StartsWith("[guid(", StringComparison.Ordinal))
            {
                yield return Violation(RoleAssignmentRule, resource, "name must be guid(scope.id, principal, roleId)");
            }

            if (resource.Json.StringAt("properties.principalType") is null)
            {
                yield return Violation(RoleAssignmentRule, resource, "properties.principalType must be set");
            }
        }
    }

    /// <summary>
    /// Every resource (existing ones too) uses a type@apiVersion from infra/allowed-resource-types.json.
    /// Module deployments are the compiler's own (hand-written ones are a linter error: no-deployments-resources).
    /// </summary>
    public static IEnumerable<PolicyViolation> AllowedResourceTypes(ArmTemplate template, IReadOnlyDictionary<string, string[]> allowedTypes)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(allowedTypes);
        foreach (var resource in template.DeclaredResources)
        {
            if (!allowedTypes.TryGetValue(resource.Type, out var versions) || !versions.Contains(resource.ApiVersion, StringComparer.Ordinal))
            {
                yield return Violation(AllowedTypeRule, resource, $"'{resource.Type}@{resource.ApiVersion}' is not in infra/allowed-resource-types.json");
            }
        }
    }

    /// <summary>Every metric criterion (an object with metricName) also sets metricNamespace.</summary>
    public static IEnumerable<PolicyViolation> MetricNamespaces(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.DeclaredResources
            .SelectMany(r => r.Json.DescendantObjects()
                .Where(o => o.TryGetProperty("metricName", out _) && !o.TryGetProperty("metricNamespace", out _))
                .Select(o => Violation(MetricNamespaceRule, r, $"metric criterion '{o.StringAt("metricName")}' without metricNamespace")));
    }

    /// <summary>Reads infra/allowed-resource-types.json: { "Type": ["apiVersion", …] } (keys starting with '$' are comments).</summary>
    public static IReadOnlyDictionary<string, string[]> LoadAllowedTypes(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('$'))
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
    }

    private static IEnumerable<ArmResource> Declared(ArmTemplate template, params string[] types) =>
        template.DeclaredResources.Where(r => !r.IsExisting && types.Contains(r.Type, StringComparer.OrdinalIgnoreCase));

    private static PolicyViolation Violation(string rule, ArmResource resource, string message) =>
        new(rule, resource.Template.Path, resource.SymbolicName, $"{resource.SymbolicName} ({resource.Type}): {message}");

    private static bool IsRequiredOrOptional(JsonElement declaration) =>
        declaration.StringAt("metadata.description") is { } text
        && (text.StartsWith("Required. ", StringComparison.Ordinal) || text.StartsWith("Optional. ", StringComparison.Ordinal));

    // The properties of an object type, nested object types and items of array types included.
    private static IEnumerable<(string Name, JsonElement Declaration)> TypeProperties(string prefix, JsonElement type)
    {
        if (type.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var name = $"{prefix}.{property.Name}";
                yield return (name, property.Value);
                foreach (var nested in TypeProperties(name, property.Value))
                {
                    yield return nested;
                }
            }
        }

        if (type.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            foreach (var nested in TypeProperties($"{prefix}[]", items))
            {
                yield return nested;
            }
        }
    }

    private static bool ContainsSecretWord(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\b(list[A-Za-z]*)\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListCall();

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex MemberAccess();
}
