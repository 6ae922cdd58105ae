using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seamless.Api;
using Seamless.Api.WebConsole;

namespace Seamless.Functions;

/// <summary>
/// The HTTP routes of DESIGN.md. Thin: call the shared handler in src/Api with the Durable client
/// this trigger was bound to, return its result. Keys are checked by the platform (AuthorizationLevel.Function, so
/// <c>x-functions-key</c> or <c>code</c>), configured with <c>Seamless:Api:Authentication=Platform</c>.
/// </summary>
public sealed class HttpFunctions(SeamlessApiHandlers handlers)
{
    [Function("StartUpgrade")]
    public Task<IActionResult> StartUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(handlers.StartUpgradeAsync(req.HttpContext, client));

    [Function("ListUpgrades")]
    public Task<IActionResult> ListUpgrades(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(handlers.ListUpgradesAsync(req.HttpContext, client));

    [Function("GetUpgrade")]
    public Task<IActionResult> GetUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(handlers.GetUpgradeAsync(req.HttpContext, client, id));

    [Function("GetUpgradeMetrics")]
    public Task<IActionResult> GetUpgradeMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}/metrics")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(handlers.GetUpgradeMetricsAsync(req.HttpContext, client, id));

    [Function("ApproveUpgrade")]
    public Task<IActionResult> ApproveUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(handlers.ApproveAsync(req.HttpContext, client, id));

    [Function("AbortUpgrade")]
    public Task<IActionResult> AbortUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/abort")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(handlers.AbortAsync(req.HttpContext, client, id));

    [Function("ReceiveAlert")]
    public Task<IActionResult> ReceiveAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(handlers.AlertAsync(req.HttpContext, client));

    [Function("RunScaleIn")]
    public Task<IActionResult> RunScaleIn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scale-in/run")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(handlers.RunScaleInAsync(req.HttpContext, client));

    [Function("ListDecisions")]
    public Task<IActionResult> ListDecisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "scale-in/decisions")] HttpRequest req) =>
        RunAsync(handlers.GetDecisionsAsync(req.HttpContext));

    [Function("ListFleetPlans")]
    public Task<IActionResult> ListFleetPlans(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(handlers.ListPlansAsync(req.HttpContext, client));

    [Function("GetFleetPlan")]
    public Task<IActionResult> GetFleetPlan(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans/{name}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string name) =>
        RunAsync(handlers.GetPlanAsync(req.HttpContext, client, name));

    [Function("Health")]
    public static IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        new ResultActionResult(SeamlessApiHandlers.Health());

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

    private static async Task<IActionResult> RunAsync(Task<IResult> handler) => new ResultActionResult(await handler);

    /// <summary>Executes a minimal-API result inside the Functions ASP.NET Core pipeline.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
