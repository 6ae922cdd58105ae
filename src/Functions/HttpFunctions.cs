using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seamless.Api;

namespace Seamless.Functions;

/// <summary>
/// The HTTP routes of DESIGN.md. Thin: bind the Durable client, call the shared handler in src/Api,
/// return its result. Keys are checked by the platform (AuthorizationLevel.Function, so
/// <c>x-functions-key</c> or <c>code</c>), configured with <c>Seamless:Api:Authentication=Platform</c>.
/// </summary>
public sealed class HttpFunctions(SeamlessApiHandlers handlers)
{
    [Function("StartUpgrade")]
    public Task<IActionResult> StartUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(client, () => handlers.StartUpgradeAsync(req.HttpContext));

    [Function("GetUpgrade")]
    public Task<IActionResult> GetUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(client, () => handlers.GetUpgradeAsync(req.HttpContext, id));

    [Function("ApproveUpgrade")]
    public Task<IActionResult> ApproveUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(client, () => handlers.ApproveAsync(req.HttpContext, id));

    [Function("AbortUpgrade")]
    public Task<IActionResult> AbortUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/abort")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(client, () => handlers.AbortAsync(req.HttpContext, id));

    [Function("ReceiveAlert")]
    public Task<IActionResult> ReceiveAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(client, () => handlers.AlertAsync(req.HttpContext));

    [Function("RunScaleIn")]
    public Task<IActionResult> RunScaleIn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scale-in/run")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(client, () => handlers.RunScaleInAsync(req.HttpContext));

    [Function("ListDecisions")]
    public Task<IActionResult> ListDecisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "scale-in/decisions")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(client, () => handlers.GetDecisionsAsync(req.HttpContext));

    [Function("Health")]
    public static IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        new ResultActionResult(SeamlessApiHandlers.Health());

    [Function("OpenApi")]
    public static IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest req) =>
        new ContentResult { Content = OpenApiDocument.Json, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };

    private static async Task<IActionResult> RunAsync(DurableTaskClient client, Func<Task<IResult>> handler)
    {
        DurableClientAdapter.Use(client);
        return new ResultActionResult(await handler());
    }

    /// <summary>Executes a minimal-API result inside the Functions ASP.NET Core pipeline.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
