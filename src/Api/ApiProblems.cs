using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Seamless.Core.Payloads;

namespace Seamless.Api;

/// <summary>RFC 9457 problem details for every error the API returns.</summary>
public static class ApiProblems
{
    /// <summary>Base of the problem type URIs.</summary>
    public const string TypeBase = "https://seamless.dev/problems/";

    /// <summary>401: missing or wrong key or signature.</summary>
    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized", detail);

    /// <summary>400 naming the offending fields.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string detail = errors.Count == 0 ? "The request is invalid." : $"{errors[0].Field}: {errors[0].Message}";
        return Problem(
            StatusCodes.Status400BadRequest,
            "invalid-request",
            "The request is invalid",
            detail,
            new Dictionary<string, object?> { ["errors"] = errors.ToList() });
    }

    /// <summary>403: a resource outside the allow-list.</summary>
    public static ProblemHttpResult NotManaged(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Problem(
            StatusCodes.Status403Forbidden,
            "not-managed",
            "The resource is not managed by Seamless",
            errors.Count > 0 ? errors[0].Message : "not managed",
            new Dictionary<string, object?> { ["errors"] = errors.ToList() });
    }

    /// <summary>404.</summary>
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    /// <summary>409 linking the conflicting instance.</summary>
    public static ProblemHttpResult Conflict(string detail, string? instanceUri = null) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, instanceUri is null ? null : new Dictionary<string, object?> { ["running"] = instanceUri }, instanceUri);

    /// <summary>413.</summary>
    public static ProblemHttpResult TooLarge(int limit) => Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large", $"The body exceeds {limit} bytes.");

    /// <summary>415.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", $"Send application/json (got '{contentType ?? "none"}').");

    /// <summary>405: the route exists, the method does not.</summary>
    public static ProblemHttpResult MethodNotAllowed(string method, string? allowed) =>
        Problem(
            StatusCodes.Status405MethodNotAllowed,
            "method-not-allowed",
            "Method not allowed",
            string.IsNullOrEmpty(allowed)
                ? $"This route does not accept {UntrustedText.Escape(method, 20)}."
                : $"This route does not accept {UntrustedText.Escape(method, 20)}; it accepts {UntrustedText.Escape(allowed, 100)}.");

    /// <summary>431: the request headers are larger than the API accepts.</summary>
    public static ProblemHttpResult HeadersTooLarge(int limit) =>
        Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "Request headers too large", $"The request headers exceed {limit} bytes.");

    /// <summary>500: an unexpected failure; says nothing of its cause (that is in the server log).</summary>
    public static ProblemHttpResult InternalError(string? traceId) =>
        Problem(
            StatusCodes.Status500InternalServerError,
            "internal-error",
            "Internal server error",
            "The server could not complete the request. The failure is logged; retry later or give the operator the traceId.",
            traceId is null ? null : new Dictionary<string, object?> { ["traceId"] = traceId });

    /// <summary>Any other 4xx/5xx: a problem with the status's reason phrase and nothing from the request.</summary>
    public static ProblemHttpResult ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => NotFound("No API route matches this path."),
        StatusCodes.Status413PayloadTooLarge => Problem(status, "body-too-large", "The body is too large", "The body exceeds the server's limit."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => Problem(status, "headers-too-large", "Request headers too large", "The request headers exceed the server's limit."),
        StatusCodes.Status500InternalServerError => InternalError(null),
        _ => Problem(
            status,
            "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
            status < 500 ? $"The request was refused ({status})." : $"The server could not complete the request ({status})."),
    };

    /// <summary>A problem+json result.</summary>
    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null, string? instance = null) =>
        TypedResults.Problem(detail: detail, instance: instance, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
}
