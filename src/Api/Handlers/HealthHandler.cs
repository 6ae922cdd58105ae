
namespace Seamless.Api.Handlers;

/// <summary><c>GET /api/health</c>: anonymous, answers without touching the engine or Azure.</summary>
public static class HealthHandler
{
    /// <summary>Always 200 <c>{"status":"ok"}</c>.</summary>
    public static JsonHttpResult<HealthStatus> Health() => TypedResults.Json(new HealthStatus("ok"));
}
