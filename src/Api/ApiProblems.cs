using Microsoft.AspNetCore.Http;
using Seamless.Core.Payloads;

namespace Seamless.Api;

/// <summary>RFC 9457 problem details for every error the API returns.</summary>
public static class ApiProblems
{
    /// <summary>Base of the problem type URIs.</summary>
    public const string TypeBase = "https://seamless.dev/problems/";

    /// <summary>401: missing or wrong key or signature.</summary>
    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized", detail);

    /// <summary>400 naming the offending fields.</summary>
    public static IResult Invalid(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string detail = errors.Count == 0 ? "The request is invalid." : $"{errors[0].Field}: {errors[0].Message}";
        return Problem(
            StatusCodes.Status400BadRequest,
            "invalid-request",
            "The request is invalid",
            detail,
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToList() });
    }

    /// <summary>403: a resource outside the allow-list.</summary>
    public static IResult NotManaged(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Problem(
            StatusCodes.Status403Forbidden,
            "not-managed",
            "The resource is not managed by Seamless",
            errors.Count > 0 ? errors[0].Message : "not managed",
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToList() });
    }

    /// <summary>404.</summary>
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    /// <summary>409 linking the conflicting instance.</summary>
    public static IResult Conflict(string detail, string? instanceUri = null) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, instanceUri is null ? null : new Dictionary<string, object?> { ["running"] = instanceUri }, instanceUri);

    /// <summary>413.</summary>
    public static IResult TooLarge(int limit) => Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large", $"The body exceeds {limit} bytes.");

    /// <summary>415.</summary>
    public static IResult UnsupportedMediaType(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", $"Send application/json (got '{contentType ?? "none"}').");

    /// <summary>A problem+json result.</summary>
    public static IResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null, string? instance = null) =>
        Results.Problem(detail: detail, instance: instance, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
}
