using System.Text.Json.Nodes;

namespace Seamless.Simulator.Tests;

/// <summary>Loads the official example payloads linked into Examples/ from tests/Examples and compares field sets.</summary>
internal static class ExampleShapes
{
    public static JsonNode Response(string relativePath, string status = "200")
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Examples", relativePath);
        File.Exists(path).ShouldBeTrue($"Example {relativePath} must be linked into the output (tests/Examples, Seamless.Simulator.Tests.csproj).");
        return JsonNode.Parse(File.ReadAllText(path))!["responses"]![status]!["body"]!;
    }

    /// <summary>Asserts that every property of <paramref name="example"/> exists in <paramref name="actual"/>.</summary>
    public static void ShouldCarryFieldsOf(this JsonNode? actual, JsonNode? example, string where)
    {
        var a = actual.ShouldBeOfType<JsonObject>($"{where} should be an object");
        var e = example.ShouldBeOfType<JsonObject>($"{where} of the example should be an object");
        var missing = e.Select(kv => kv.Key).Where(k => !a.ContainsKey(k)).ToList();
        missing.ShouldBeEmpty($"{where} lacks fields of the official example: {string.Join(", ", missing)}");
    }
}
