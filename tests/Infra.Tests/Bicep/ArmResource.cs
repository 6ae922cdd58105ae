using System.Text.Json;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>A resource of a compiled template: its symbolic name (or array position) and its JSON.</summary>
public sealed record ArmResource(ArmTemplate Template, string SymbolicName, JsonElement Json)
{
    /// <summary>Gets the resource type, e.g. Microsoft.Web/sites.</summary>
    public string Type => Json.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty;

    /// <summary>Gets the API version.</summary>
    public string ApiVersion => Json.TryGetProperty("apiVersion", out var version) ? version.GetString() ?? string.Empty : string.Empty;

    /// <summary>Gets a value indicating whether the resource is only referenced (<c>existing</c>).</summary>
    public bool IsExisting => Json.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>Gets the name: a literal or an ARM expression <c>[…]</c>.</summary>
    public string Name => Json.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty;

    /// <summary>Follows a dotted path of properties, e.g. "properties.siteConfig.minTlsVersion"; null when absent.</summary>
    public JsonElement? Path(string dottedPath) => Json.PathOf(dottedPath);

    public override string ToString() => $"{Template.Path}:{SymbolicName} ({Type}@{ApiVersion})";
}
