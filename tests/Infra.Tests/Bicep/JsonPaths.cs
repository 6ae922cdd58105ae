using System.Text.Json;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>Small readers over template JSON.</summary>
public static class JsonPaths
{
    /// <summary>Follows a dotted path of object properties; null when a step is missing.</summary>
    public static JsonElement? PathOf(this JsonElement element, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        var current = element;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The string at the path, or null when it is absent or not a string.</summary>
    public static string? StringAt(this JsonElement element, string dottedPath) =>
        element.PathOf(dottedPath) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>True/false at the path, or null when it is absent or not a boolean literal.</summary>
    public static bool? BooleanAt(this JsonElement element, string dottedPath) =>
        element.PathOf(dottedPath) switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };

    /// <summary>Every object in the subtree, the element itself included.</summary>
    public static IEnumerable<JsonElement> DescendantObjects(this JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var descendant in property.Value.DescendantObjects())
                {
                    yield return descendant;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var descendant in item.DescendantObjects())
                {
                    yield return descendant;
                }
            }
        }
    }

    /// <summary>Every string value and property name in the subtree.</summary>
    public static IEnumerable<string> Strings(this JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var text in property.Value.Strings())
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var text in element.EnumerateArray().SelectMany(Strings))
                {
                    yield return text;
                }

                break;
        }
    }
}
