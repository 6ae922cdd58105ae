using System.Text.Json.Serialization.Metadata;

namespace Seamless.Azure.Http;

/// <summary>A buffered response: status, body and the few headers the adapters read.</summary>
internal sealed record RestResult(
    int Status,
    string ReasonPhrase,
    BinaryData Body,
    IReadOnlyDictionary<string, string> Headers)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public T Read<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (Body.ToMemory().IsEmpty)
        {
            throw new AzureResponseFormatException($"Expected a JSON body for {typeof(T).Name}, got an empty response ({Status}).");
        }

        try
        {
            return Body.ToObjectFromJson(typeInfo)
                ?? throw new AzureResponseFormatException($"Expected a JSON body for {typeof(T).Name}, got null.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new AzureResponseFormatException($"The response body is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    public T? TryRead<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (Body.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return Body.ToObjectFromJson(typeInfo);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
