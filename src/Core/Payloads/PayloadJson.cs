using System.Text.Json;

namespace Seamless.Core.Payloads;

/// <summary>Strict JSON reading settings for untrusted payloads.</summary>
public static class PayloadJson
{
    /// <summary>Deepest nesting accepted (the alert schema needs about 8).</summary>
    public const int MaxDepth = 32;

    /// <summary>Gets document options for untrusted input.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,

        // A repeated key ("site" twice) is ambiguous: readers disagree on which one wins.
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses bytes to a document; returns null and the reason when not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        error = null;

        // The reader defers UTF-8 validation of string contents to GetString(), which then throws
        // InvalidOperationException in the middle of validation; refuse such bodies here instead.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            error = "The body is not valid UTF-8.";
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return null;
        }
    }

    /// <summary>Reads an optional string property; reports a type error when present but not a string.</summary>
    public static string? OptionalString(JsonElement obj, string name, string path, List<FieldError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(path, $"'{path}' must be a string."));
            return null;
        }

        return value.GetString();
    }
}
