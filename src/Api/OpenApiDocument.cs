using System.Reflection;

namespace Seamless.Api;

/// <summary>The hand-written OpenAPI 3.1 document of the API (embedded resource openapi.json).</summary>
public static class OpenApiDocument
{
    /// <summary>Gets the document text.</summary>
    public static string Json { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Seamless.Api.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
