using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Seamless.Api;
using Seamless.Api.Handlers;
using Seamless.Api.Requests;
using Seamless.Api.WebConsole;
using Seamless.Workflows.Configuration;

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
    IOptions<SeamlessOptions> options,
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
        RunAsync(req, ApiAccess.Api, async ct => await delivery.StartAsync(await UpgradeDeliveryRequest.FromRequestAsync(req, MaxBodyBytes, ct), client, ct));

    [Function("ListUpgrades")]
    public Task<IActionResult> ListUpgrades(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, ct => reads.ListAsync(UpgradeListQuery.FromRequest(req), client, ct));

    [Function("GetUpgrade")]
    public Task<IActionResult> GetUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Api, ct => reads.GetAsync(client, id, ct));

    [Function("GetUpgradeMetrics")]
    public Task<IActionResult> GetUpgradeMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "upgrades/{id}/metrics")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Api, ct => reads.GetMetricsAsync(UpgradeMetricsQuery.FromRequest(req), client, id, ct));

    [Function("ApproveUpgrade")]
    public Task<IActionResult> ApproveUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Approver, ct => signals.ApproveAsync(UpgradeSignalRequest.FromRequest(req), client, id, ct));

    [Function("AbortUpgrade")]
    public Task<IActionResult> AbortUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "upgrades/{id}/abort")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(req, ApiAccess.Operator, ct => signals.AbortAsync(UpgradeSignalRequest.FromRequest(req), client, id, ct));

    [Function("ReceiveAlert")]
    public Task<IActionResult> ReceiveAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, async ct => await alerts.ReceiveAsync(await JsonRequestBody.ReadAsync(req, MaxBodyBytes, ct), client, ct));

    [Function("RunScaleIn")]
    public Task<IActionResult> RunScaleIn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scale-in/run")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, async ct => await scaleIn.RunAsync(await JsonRequestBody.ReadIfPresentAsync(req, MaxBodyBytes, ct), client, ct));

    [Function("ListDecisions")]
    public Task<IActionResult> ListDecisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "scale-in/decisions")] HttpRequest req) =>
        RunAsync(req, ApiAccess.Api, ct => scaleIn.GetDecisionsAsync(DecisionQuery.FromRequest(req), ct));

    [Function("ListFleetPlans")]
    public Task<IActionResult> ListFleetPlans(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        RunAsync(req, ApiAccess.Api, ct => fleet.ListPlansAsync(client, ct));

    [Function("GetFleetPlan")]
    public Task<IActionResult> GetFleetPlan(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plans/{name}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string name) =>
        RunAsync(req, ApiAccess.Api, ct => fleet.GetPlanAsync(PlanHistoryQuery.FromRequest(req), client, name, ct));

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

    private int MaxBodyBytes => options.Value.Api.MaxBodyBytes;

    /// <summary>Checks the key, then reads the inputs and runs the handler (the same order as the self-hosted server's filter).</summary>
    private async Task<IActionResult> RunAsync<TResult>(HttpRequest req, ApiAccess access, Func<CancellationToken, Task<TResult>> handler)
        where TResult : IResult =>
        new ResultActionResult(authenticator.Authorize(req.HttpContext, access) is { } denied ? denied : await handler(req.HttpContext.RequestAborted));

    /// <summary>Executes a minimal-API result inside the Functions ASP.NET Core pipeline.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
