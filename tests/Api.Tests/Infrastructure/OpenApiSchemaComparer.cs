using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>
/// Compares a JSON schema of the OpenAPI document with the JSON a CLR type serialises to, as the serializer's own
/// contract (<see cref="JsonTypeInfo"/>) describes it: property names, JSON types, array items, enum names, date-time
/// formats, and where the document states them, <c>required</c> and nullability. Nested schemas — <c>$ref</c> or
/// inline — are compared with the property's type, all the way down.
/// </summary>
/// <param name="document">The OpenAPI document (its <c>#/components/schemas</c> resolve <c>$ref</c>).</param>
/// <param name="options">The serializer options the response is written with.</param>
/// <param name="writesNulls">True when the response writes null properties (ASP.NET Core's defaults); false when it omits them.</param>
public sealed class OpenApiSchemaComparer(JsonElement document, JsonSerializerOptions options, bool writesNulls)
{
    /// <summary>
    /// Types a custom converter writes, with the JSON type it writes (null for any): the serializer's contract cannot
    /// say. A verdict's gate is written as its name; its detail as whichever Core verdict it holds.
    /// </summary>
    private static readonly Dictionary<Type, string?> Converted = new()
    {
        [typeof(Core.Upgrade.VerdictGate)] = "string",
        [typeof(Core.Upgrade.VerdictDetail)] = null,
        [typeof(Core.ScaleIn.Headroom.HoursOfDay)] = "array", // its hours, 0–23, in order
    };

    private readonly HashSet<(string Schema, Type Type)> _seen = [];

    /// <summary>Every difference between <paramref name="schema"/> and <paramref name="type"/>, each naming its path.</summary>
    public List<string> Compare(JsonElement schema, Type type, string path)
    {
        var mismatches = new List<string>();
        Compare(schema, type, nullable: false, path, mismatches);
        return mismatches;
    }

    /// <summary>The schema a <c>$ref</c> points to, or the schema itself.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            string name = reference.GetString()!["#/components/schemas/".Length..];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    /// <summary>The JSON type a CLR type is written as: string, integer, number, boolean, array, object, or null for any.</summary>
    public string? JsonType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(object))
        {
            return null;
        }

        if (Converted.TryGetValue(type, out string? converted))
        {
            return converted;
        }

        if (type.IsEnum || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
        {
            return "integer";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "number";
        }

        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "object",
            _ => throw new NotSupportedException($"No JSON type for {type}."),
        };
    }

    private void Compare(JsonElement schema, Type type, bool nullable, string path, List<string> mismatches)
    {
        schema = Resolve(schema);
        var (types, docNullable, branch) = Types(schema);
        schema = branch;
        type = Nullable.GetUnderlyingType(type) ?? type;
        string? expected = JsonType(type);
        if (expected is null)
        {
            return; // an object-typed or converter-written property (a verdict's detail): any JSON
        }

        if (types.Count == 0)
        {
            mismatches.Add($"{path}: the document states no type; the API writes {expected}.");
            return;
        }

        if (!types.Contains(expected))
        {
            mismatches.Add($"{path}: the document says {string.Join("|", types)}; the API writes {expected} ({type.Name}).");
            return;
        }

        if (docNullable && !nullable)
        {
            mismatches.Add($"{path}: the document says it may be null; the API never writes null here.");
        }
        else if (nullable && writesNulls && !docNullable)
        {
            mismatches.Add($"{path}: the API writes null here; the document's type does not allow null.");
        }

        CompareFormat(schema, type, path, mismatches);
        if (type.IsEnum && schema.TryGetProperty("enum", out var values))
        {
            var documented = values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet();
            var names = Enum.GetNames(type).ToHashSet();
            if (!documented.SetEquals(names))
            {
                mismatches.Add($"{path}: the document's enum [{string.Join(", ", documented.Order())}] is not the API's [{string.Join(", ", names.Order())}].");
            }
        }

        if (expected == "array")
        {
            var element = options.GetTypeInfo(type).ElementType;
            if (element is null)
            {
                // A converter writes it as an array (HoursOfDay: whole numbers); the document must say so.
                if (!schema.TryGetProperty("items", out var written) || !Types(Resolve(written)).Types.Contains("integer"))
                {
                    mismatches.Add($"{path}: the document does not say the array holds whole numbers ({type.Name}).");
                }
            }
            else if (schema.TryGetProperty("items", out var items))
            {
                Compare(items, element, nullable: false, path + "[]", mismatches);
            }
            else
            {
                mismatches.Add($"{path}: the document does not say what the array holds ({element.Name}).");
            }
        }
        else if (expected == "object" && options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object
            && _seen.Add((schema.GetRawText(), type)))
        {
            CompareProperties(schema, type, path, mismatches);
        }
    }

    private void CompareProperties(JsonElement schema, Type type, string path, List<string> mismatches)
    {
        var properties = options.GetTypeInfo(type).Properties.Where(p => p.Get is not null).ToDictionary(p => p.Name);
        if (!schema.TryGetProperty("properties", out var documented))
        {
            mismatches.Add($"{path}: the document lists no properties; the API writes {string.Join(", ", properties.Keys)} ({type.Name}).");
            return;
        }

        var names = documented.EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (string missing in properties.Keys.Where(n => !names.Contains(n)))
        {
            mismatches.Add($"{path}.{missing}: written by the API ({type.Name}), not in the document.");
        }

        foreach (string extra in names.Where(n => !properties.ContainsKey(n)))
        {
            mismatches.Add($"{path}.{extra}: in the document, never written by the API ({type.Name}).");
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (string name in required.EnumerateArray().Select(r => r.GetString()!).Where(properties.ContainsKey))
            {
                var property = properties[name];
                if (IsNullable(property) && !writesNulls)
                {
                    mismatches.Add($"{path}.{name}: required by the document; the API leaves it out when it is null.");
                }
            }
        }

        foreach (var property in documented.EnumerateObject().Where(p => properties.ContainsKey(p.Name)))
        {
            var info = properties[property.Name];
            Compare(property.Value, info.PropertyType, IsNullable(info), $"{path}.{property.Name}", mismatches);
        }
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);

    private static void CompareFormat(JsonElement schema, Type type, string path, List<string> mismatches)
    {
        bool dateTime = type == typeof(DateTimeOffset) || type == typeof(DateTime);
        bool documented = schema.TryGetProperty("format", out var format) && format.GetString() == "date-time";
        if (dateTime != documented)
        {
            mismatches.Add(dateTime
                ? $"{path}: the API writes a date-time; the document does not say format date-time."
                : $"{path}: the document says format date-time; the API writes {type.Name}.");
        }
    }

    /// <summary>The schema's non-null types, whether it allows null, and the branch that describes the value (of a oneOf with null).</summary>
    private (HashSet<string> Types, bool Nullable, JsonElement Branch) Types(JsonElement schema)
    {
        var types = new HashSet<string>();
        bool nullable = false;
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            JsonElement branch = schema;
            foreach (var option in oneOf.EnumerateArray().Select(Resolve))
            {
                var (inner, innerNullable, innerBranch) = Types(option);
                nullable |= innerNullable;
                types.UnionWith(inner);
                if (inner.Count > 0)
                {
                    branch = innerBranch;
                }
            }

            return (types, nullable, branch);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            IEnumerable names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : new[] { type.GetString()! };
            foreach (string name in names)
            {
                if (name == "null")
                {
                    nullable = true;
                }
                else
                {
                    types.Add(name);
                }
            }
        }

        return (types, nullable, schema);
    }
}
