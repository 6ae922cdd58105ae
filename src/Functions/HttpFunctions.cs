using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seamless.Api;
using Seamless.Api.Handlers;
using Seamless.Api.WebConsole;

namespace Seamless.Functions;

/// <summary>
/// The HTTP routes of DESIGN.md. Thin: call the shared handler in src/Api with the Durable client
/// this trigger was bound to, return its result. Keys are checked by the platform (AuthorizationLevel.Function, so
/// <c>x-functions-key</c> or <c>code</c>), configured with <c>Seamless:Api:Authentication=Platform</c>; every trigger
/// still runs the same <see cref="ApiKeyAuthenticator.Authorize"/> as the self-hosted server's filter (which keys
/// approve is ours to decide, not the platform's).
/// </summary>
public sealed class HttpFunctions(
    ApiKeyAuthenticator authenticator,
    UpgradeDeliveryHandler delivery,
    UpgradeReadHandlers reads,
    UpgradeSignalHandlers signals,
    AlertHandler alerts,
    ScaleInHandlers scaleIn,
    FleetHandlers fleet)
{
    [Function("StartUpgrade")]
    public Task<IActionResult> StartUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, () => delivery.StartAsync(req.HttpContext, client));

    [Function("ListUpgrades")]
    public Task<IActionResult> ListUpgrades(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, () => reads.ListAsync(req.HttpContext, client));

    [Function("GetUpgrade")]
    public Task<IActionResult> GetUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Api, () => reads.GetAsync(req.HttpContext, client, id));

    [Function("GetUpgradeMetrics")]
    public Task<IActionResult> GetUpgradeMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}/metrics")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Api, () => reads.GetMetricsAsync(req.HttpContext, client, id));

    [Function("ApproveUpgrade")]
    public Task<IActionResult> ApproveUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Approver, () => signals.ApproveAsync(req.HttpContext, client, id));

    [Function("AbortUpgrade")]
    public Task<IActionResult> AbortUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/abort")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Operator, () => signals.AbortAsync(req.HttpContext, client, id));

    [Function("ReceiveAlert")]
    public Task<IActionResult> ReceiveAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, () => alerts.ReceiveAsync(req.HttpContext, client));

    [Function("RunScaleIn")]
    public Task<IActionResult> RunScaleIn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scale-in/run")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, () => scaleIn.RunAsync(req.HttpContext, client));

    [Function("ListDecisions")]
    public Task<IActionResult> ListDecisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "scale-in/decisions")] HttpRequest req) =>
        RunAsync(req, ApiAccess.Api, () => scaleIn.GetDecisionsAsync(req.HttpContext));

    [Function("ListFleetPlans")]
    public Task<IActionResult> ListFleetPlans(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, () => fleet.ListPlansAsync(req.HttpContext, client));

    [Function("GetFleetPlan")]
    public Task<IActionResult> GetFleetPlan(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans/{name}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string name) =>
        RunAsync(req, ApiAccess.Api, () => fleet.GetPlanAsync(req.HttpContext, client, name));

    [Function("Health")]
    public static IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        new ResultActionResult(HealthHandler.Health());

    /// <summary>The web console page; anonymous like its files: every data call it makes carries the operator's key.</summary>
    [Function("Console")]
    public static IActionResult Console(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebConsolePage.Route)] HttpRequest req) =>
        new ResultActionResult(WebConsolePage.Page());

    [Function("ConsoleFile")]
    public static IActionResult ConsoleFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebConsolePage.Route + "/{file}")] HttpRequest req,
        string file) =>
        new ResultActionResult(WebConsolePage.File(file));

    [Function("OpenApi")]
    public static IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest req) =>
        new ContentResult { Content = OpenApiDocument.Json, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };

    private async Task<IActionResult> RunAsync<TResult>(HttpRequest req, ApiAccess access, Func<Task<TResult>> handler)
        where TResult : IResult =>
        new ResultActionResult(authenticator.Authorize(req.HttpContext, access) is { } denied ? denied : await handler());

    /// <summary>Executes a minimal-API result inside the Functions ASP.NET Core pipeline.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
