using System.Net;
using System.Text.Json;

namespace Seamless.Host.Cli;

/// <summary>The API refused a request: its problem+json title and detail, in one line.</summary>
public sealed class SeamlessApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SeamlessApiException"/> class.</summary>
    public SeamlessApiException(HttpStatusCode status, string title, string? detail)
        : base(Describe(status, title, detail))
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    /// <summary>Initializes a new instance of the <see cref="SeamlessApiException"/> class.</summary>
    public SeamlessApiException()
        : this(HttpStatusCode.InternalServerError, "Error", null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SeamlessApiException"/> class.</summary>
    public SeamlessApiException(string message)
        : base(message)
    {
        Title = message;
    }

    /// <summary>Initializes a new instance of the <see cref="SeamlessApiException"/> class.</summary>
    public SeamlessApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = message;
    }

    /// <summary>Gets the HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Gets the problem's title.</summary>
    public string Title { get; }

    /// <summary>Gets the problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>Reads a problem+json body (or any body) into the exception.</summary>
    public static SeamlessApiException From(HttpStatusCode status, string body)
    {
        string title = status.ToString();
        string? detail = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                title = doc.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
                detail = doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 200 ? body[..200] : body;
        }

        return new SeamlessApiException(status, title, detail);
    }

    private static string Describe(HttpStatusCode status, string title, string? detail)
    {
        string line = $"{(int)status} {title}" + (string.IsNullOrWhiteSpace(detail) ? string.Empty : $": {detail}");
        line = line.ReplaceLineEndings(" ");
        return status == HttpStatusCode.Unauthorized ? line + " (pass --key or set SEAMLESS_API_KEY)" : line;
    }
}
