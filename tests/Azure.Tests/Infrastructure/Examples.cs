using System.Text.Json.Nodes;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>Loads the official example payloads linked into Examples/ from tests/Examples.</summary>
public static class Examples
{
    public static JsonNode Load(string relativePath)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Examples", relativePath);
        return JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidOperationException($"Empty example {relativePath}.");
    }

    /// <summary>The response body of a status, as JSON text.</summary>
    public static string Body(string relativePath, string status = "200") =>
        Load(relativePath)["responses"]![status]!["body"]!.ToJsonString();

    /// <summary>The response headers of a status.</summary>
    public static Dictionary<string, string> Headers(string relativePath, string status) =>
        Load(relativePath)["responses"]![status]!["headers"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
}
