using System.Text.Json.Nodes;

namespace Seamless.Simulator.Http;

/// <summary>An HTTP answer of an ARM or Monitor route: status, JSON body and headers.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">JSON body or null for none.</param>
/// <param name="Headers">Extra headers.</param>
internal sealed record ArmResult(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ArmResult Ok(JsonNode? body) => new(200, body);

    /// <summary>ARM's error shape: <c>{ "error": { "code", "message" } }</c>.</summary>
    public static ArmResult Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, headers);

    public static ArmResult NotFound(string resourceId) =>
        Error(404, "ResourceNotFound", $"The Resource '{resourceId}' was not found.");

    public static ArmResult BadRequest(string message, string code = "BadRequest") => Error(400, code, message);

    public static ArmResult Conflict(string message = "Cannot modify this site because another operation is in progress.") =>
        Error(409, "Conflict", message);
}
