using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>JSON options for scale-in records: System.Text.Json web defaults (camelCase) with enums as strings.</summary>
public static class ScaleInJson
{
    /// <summary>Gets the options for journal entries, orchestration inputs and custom status.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Gets the same options, indented (files and CLI output).</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    /// <summary>Gets the options for policy files: comments, trailing commas, unknown fields refused.</summary>
    public static JsonSerializerOptions PolicyFileOptions { get; } = CreatePolicyFile();

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions CreatePolicyFile()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
