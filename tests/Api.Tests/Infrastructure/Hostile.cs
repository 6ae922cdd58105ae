using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>Hostile inputs: injection strings, random JSON, and mutations of valid payloads.</summary>
public static class Hostile
{
    /// <summary>Path traversal, injection, control and unusual unicode strings.</summary>
    public static readonly string[] Strings =
    [
        "../", "..\\", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%2e%2e%2f", "%252e%252e", "....//",
        "'; DROP TABLE upgrades;--", "\" OR \"1\"=\"1", "1; EXEC xp_cmdshell('dir')", "$(reboot)", "`id`", "| rm -rf /",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}",
        "\0", "a\0b", "\r\nX-Injected: 1", "\t", " ", "", "\u202Eevil", "\uFEFFsite", "Ωmega-√", "😀", "app\u00A0demo", "ǅ",
        "/subscriptions/../../providers/Microsoft.Web/sites/x", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/../sites/app-demo",
        "http://169.254.169.254/metadata", "//evil.example/x", "C:\\Windows\\win.ini", "\\\\server\\share",
        new string('a', 2000), new string('/', 300),
    ];

    /// <summary>Well-formed field names of both payloads, so random JSON reaches deeper branches.</summary>
    public static readonly string[] FieldNames =
    [
        "site", "sourceSlot", "targetSlot", "version", "strategy", "policy", "canary", "steps", "warmup", "paths", "approval", "onTimeout",
        "guardWindow", "smokePaths", "schemaId", "data", "essentials", "alertId", "alertRule", "signalType", "monitorCondition",
        "alertTargetIDs", "firedDateTime", "alertContext", "condition", "allOf", "metricName", "metricValue", "threshold", "__proto__", "$type",
    ];

    /// <summary>A hostile or ordinary string.</summary>
    public static Gen<string> Text =>
        Gen.Frequency(
            (3, Gen.Elements(Strings)),
            (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)),
            (1, Gen.Elements(FieldNames)),
            (1, Gen.Elements("swap", "canary", "staging", "production", "Metric", "Log", "Activity Log", "Fired", "Resolved", "azureMonitorCommonAlertSchema", ApiServer.UnmanagedSiteId)));

    /// <summary>A scalar JSON value.</summary>
    public static Gen<JsonNode?> Scalar =>
        Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Elements(double.MaxValue, double.Epsilon, -0.0, 1e-300, 4.5, 150.0, -1.0).Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.Elements(long.MaxValue, long.MinValue).Select(l => (JsonNode?)JsonValue.Create(l)),
            Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    /// <summary>Random JSON trees of bounded size.</summary>
    public static Gen<JsonNode?> Json => Gen.Sized(size => Tree(Math.Min(size, 12)));

    /// <summary>Random JSON, serialized, or occasionally raw bytes that are not JSON at all.</summary>
    public static Gen<byte[]> RandomBody =>
        Gen.Frequency(
            (6, Json.Select(n => Encoding.UTF8.GetBytes(n?.ToJsonString() ?? "null"))),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? [])),
            (1, Gen.Choose(1, 200).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
            (1, Gen.Elements(Strings).Select(Encoding.UTF8.GetBytes)));

    /// <summary>Mutations of a valid payload: drop, duplicate, retype, inject, add unknown fields, or damage the bytes.</summary>
    public static Gen<byte[]> Mutated(JsonObject valid) =>
        Gen.Frequency(
            (6, Gen.Choose(1, 3).SelectMany(count => MutateTree(valid, count))),
            (2, Gen.Zip(Gen.Elements(Paths(valid).ToArray()), Scalar).Select(t => Duplicate(valid, t.Item1, t.Item2))),
            (1, Gen.Zip(Gen.Choose(0, 1000), Gen.Elements<byte>(0x00, 0xFF, 0xC0, 0x80, 0x7B, 0x22, 0x5C)).Select(t => Damage(valid, t.Item1, t.Item2))));

    private static Gen<JsonNode?> Tree(int size) =>
        size <= 0
            ? Scalar
            : Gen.Frequency(
                (3, Scalar),
                (2, Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Tree(size / 2), n)).Select(items => (JsonNode?)new JsonArray([.. items]))),
                (3, Gen.Choose(0, 5).SelectMany(n => Gen.ListOf(Gen.Zip(Gen.OneOf(Gen.Elements(FieldNames), Text), Tree(size / 2)), n)).Select(Object)));

    private static JsonNode? Object(IEnumerable<(string Key, JsonNode? Value)> pairs)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            obj[key] = value;
        }

        return obj;
    }

    private static Gen<byte[]> MutateTree(JsonObject valid, int count)
    {
        var paths = Paths(valid).ToArray();
        var op = Gen.Zip(Gen.Zip(Gen.Choose(0, 3), Gen.Elements(paths)), Gen.Zip(Json, Text));
        return Gen.ListOf(op, count).Select(ops =>
        {
            var copy = valid.DeepClone().AsObject();
            foreach (var ((kind, path), (node, text)) in ops)
            {
                if (Find(copy, path) is not { } target)
                {
                    continue;
                }

                var (parent, name) = target;
                switch (kind)
                {
                    case 0:
                        parent.Remove(name);
                        break;
                    case 1:
                        parent[name] = node?.DeepClone();
                        break;
                    case 2:
                        parent[name] = text;
                        break;
                    default:
                        parent[text.Length == 0 ? "unknown" : text] = node?.DeepClone();
                        break;
                }
            }

            return Encoding.UTF8.GetBytes(copy.ToJsonString());
        });
    }

    private static byte[] Duplicate(JsonObject valid, string path, JsonNode? value)
    {
        // Duplicate keys cannot be built with JsonObject: splice the raw text.
        string name = path.Split('.')[^1];
        string json = valid.ToJsonString();
        string marker = $"\"{name}\":";
        int at = json.IndexOf(marker, StringComparison.Ordinal);
        string dup = marker + (value?.ToJsonString() ?? "null") + ",";
        return Encoding.UTF8.GetBytes(at < 0 ? json : json.Insert(at, dup));
    }

    private static byte[] Damage(JsonObject valid, int position, byte value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(valid.ToJsonString());
        bytes[position % bytes.Length] = value;
        return bytes;
    }

    private static IEnumerable<string> Paths(JsonObject obj, string prefix = "")
    {
        foreach (var (key, value) in obj)
        {
            string path = prefix.Length == 0 ? key : prefix + "." + key;
            yield return path;
            if (value is JsonObject child)
            {
                foreach (string nested in Paths(child, path))
                {
                    yield return nested;
                }
            }
        }
    }

    private static (JsonObject Parent, string Name)? Find(JsonObject root, string path)
    {
        string[] parts = path.Split('.');
        JsonObject current = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (current[parts[i]] is not JsonObject next)
            {
                return null;
            }

            current = next;
        }

        return current.ContainsKey(parts[^1]) ? (current, parts[^1]) : null;
    }
}
