using System.Text;
using System.Text.Json;

namespace Seamless.Core.Payloads;

/// <summary>Strict JSON reading settings for untrusted payloads.</summary>
public static class PayloadJson
{
    /// <summary>Deepest nesting accepted (the alert schema needs about 8).</summary>
    public const int MaxDepth = 32;

    /// <summary>Longest property name shown in a field path; longer names are cut.</summary>
    public const int MaxPathSegmentLength = 64;

    /// <summary>Unknown fields named one by one in a 400 (<see cref="RefuseUnknownFields"/>); the rest are counted.</summary>
    public const int MaxUnknownFieldsNamed = 10;

    /// <summary>Gets document options for untrusted input.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,

        // A repeated key ("site" twice) is ambiguous: readers disagree on which one wins.
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Parses bytes to a document; returns null and an error naming the field (<c>$</c> for the body,
    /// else the JSON path of the string) when the body is not JSON or holds a string that cannot be decoded.
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out FieldError? error)
    {
        error = null;

        // The reader defers UTF-8 validation of string contents to GetString(), which then throws
        // InvalidOperationException in the middle of validation; refuse such bodies here instead.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            error = new FieldError("$", "The body is not valid UTF-8.");
            return null;
        }

        // Valid UTF-8 can still spell an unpaired surrogate as an escape ("\ud800"): the syntax is fine, but
        // GetString() (and comparing or de-duplicating escaped property names) throws. Only \u escapes can
        // produce one, so the walk runs only when the body holds one.
        if (body.Span.IndexOf("\\u"u8) >= 0 && FindUndecodableString(body.Span) is { } undecodable)
        {
            error = undecodable;
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            error = new FieldError("$", $"The body is not valid JSON: {ex.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Belt and braces: the walk above should have named the string already.
            error = new FieldError("$", "The body holds a string that cannot be decoded.");
            return null;
        }
    }

    /// <summary>
    /// Reports each property of <paramref name="obj"/> that is not one of <paramref name="known"/> (names are
    /// case-sensitive): a misspelled field of our own contract must not be dropped — <c>"dryrun": true</c> would start a
    /// real run, <c>"stratgy": "canary"</c> a plain swap. The error names the nearest known field when one is close.
    /// </summary>
    /// <param name="obj">The request object.</param>
    /// <param name="known">The fields the request has.</param>
    /// <param name="errors">Where the errors go.</param>
    public static void RefuseUnknownFields(JsonElement obj, IReadOnlyCollection<string> known, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(errors);
        var unknown = obj.EnumerateObject().Where(property => !known.Contains(property.Name, StringComparer.Ordinal)).ToList();
        // A body of thousands of stray fields gets a bounded answer: the first few by name, the rest counted.
        foreach (var property in unknown.Take(MaxUnknownFieldsNamed))
        {
            var name = UntrustedText.Escape(property.Name, MaxPathSegmentLength);
            errors.Add(new FieldError(name, property.Name.Length <= MaxPathSegmentLength && NearestName.Of(property.Name, known) is { } nearest
                ? $"'{name}' is not a field of this request; did you mean '{nearest}'?"
                : $"'{name}' is not a field of this request (its fields: {string.Join(", ", known)})."));
        }

        if (unknown.Count > MaxUnknownFieldsNamed)
        {
            errors.Add(new FieldError("$", $"{unknown.Count - MaxUnknownFieldsNamed} more fields this request does not have."));
        }
    }

    /// <summary>Reads an optional string property; reports a type error when present but not a string.</summary>
    public static string? OptionalString(JsonElement obj, string name, string path, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
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

    /// <summary>
    /// Walks every property name and string value and returns an error naming the first one that is not
    /// valid Unicode once unescaped; null when all decode (or when the body is not JSON: the parser says so).
    /// </summary>
    internal static FieldError? FindUndecodableString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = null; // until this name decodes, the path ends at its object
                        if (!TryDecode(ref reader, out string? name))
                        {
                            string at = Path(frames);
                            return new FieldError(at, $"A property name in '{at}' is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
                        }

                        frames[^1].Property = name;
                        break;
                    case JsonTokenType.String:
                        CountElement(frames);
                        if (!TryDecode(ref reader, out _))
                        {
                            string at = Path(frames);
                            return new FieldError(at, $"'{at}' is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
                        }

                        break;
                    default:
                        CountElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: JsonDocument.Parse reports it with its position.
        }

        return null;
    }

    private static bool TryDecode(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.ValueIsEscaped)
        {
            value = reader.GetString();
            return true;
        }

        try
        {
            value = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void CountElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    /// <summary>The path in the convention of the parsers' errors: <c>policy.canary.steps[1]</c>; <c>$</c> for the root.</summary>
    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index < 0)
                {
                    break;
                }

                if (path.Length == 0)
                {
                    path.Append('$');
                }

                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is { } name)
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(UntrustedText.Escape(name, MaxPathSegmentLength));
            }
            else
            {
                break;
            }
        }

        return path.Length == 0 ? "$" : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }
    }
}
