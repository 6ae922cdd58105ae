using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Api.Handlers;
using Seamless.Api.Requests;
using Seamless.Api.WebConsole;

namespace Seamless.Api;

/// <summary>Maps the API routes (identical in both hosts) and registers the handlers.</summary>
public static class SeamlessApiEndpoints
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Registers the API services (handlers and authenticator).</summary>
    public static IServiceCollection AddSeamlessApi(this IServiceCollection services)
    {
        // Keys may arrive in the 'code' query (the Functions convention), and ASP.NET Core's request
        // start/finish lines (Information) print the full URL with its query: keep them out of the logs.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter(HostingDiagnosticsCategory, LogLevel.Warning));
        Type[] singletons =
        [
            typeof(ApiKeyAuthenticator), typeof(FleetReader), typeof(UpgradeMetricsReader),
            typeof(UpgradeDeliveryHandler), typeof(UpgradeReadHandlers), typeof(UpgradeSignalHandlers), typeof(AlertHandler), typeof(ScaleInHandlers), typeof(FleetHandlers),
        ];
        foreach (var type in singletons)
        {
            services.AddSingleton(type);
        }

        return services;
    }

    /// <summary>
    /// Maps every route under <c>/api</c>; the host registers its engine's <see cref="DurableTaskClient"/>. Mapped
    /// onto an application (a <c>WebApplication</c>), it also adds <see cref="SeamlessProblemDetails.UseSeamlessProblemDetails"/>,
    /// so every error of the surface — routing 404/405 and unhandled exceptions included — is problem+json.
    /// </summary>
    public static IEndpointRouteBuilder MapSeamlessApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints is IApplicationBuilder app)
        {
            app.UseSeamlessProblemDetails();
        }

        var api = endpoints.MapGroup("/api");
        // Each route reads its typed inputs with the same FromRequest the Functions triggers call, inside the delegate:
        // after the key filter, so nothing of an unauthenticated request's body is read.
        api.MapPost("/upgrades", async (HttpRequest r, IOptions<SeamlessOptions> o, DurableTaskClient d, UpgradeDeliveryHandler h, CancellationToken ct) =>
            await h.StartAsync(await UpgradeDeliveryRequest.FromRequestAsync(r, o.Value.Api.MaxBodyBytes, ct), d, ct)).RequireApiKey();
        api.MapGet("/upgrades", (HttpRequest r, DurableTaskClient d, UpgradeReadHandlers h, CancellationToken ct) =>
            h.ListAsync(UpgradeListQuery.FromRequest(r), d, ct)).RequireApiKey();
        api.MapGet("/upgrades/{id}", (string id, DurableTaskClient d, UpgradeReadHandlers h, CancellationToken ct) =>
            h.GetAsync(d, id, ct)).RequireApiKey();
        api.MapGet("/upgrades/{id}/metrics", (HttpRequest r, string id, DurableTaskClient d, UpgradeReadHandlers h, CancellationToken ct) =>
            h.GetMetricsAsync(UpgradeMetricsQuery.FromRequest(r), d, id, ct)).RequireApiKey();
        api.MapPost("/upgrades/{id}/approve", (HttpRequest r, string id, DurableTaskClient d, UpgradeSignalHandlers h, CancellationToken ct) =>
            h.ApproveAsync(UpgradeSignalRequest.FromRequest(r), d, id, ct)).RequireApiKey(ApiAccess.Approver);
        api.MapPost("/upgrades/{id}/abort", (HttpRequest r, string id, DurableTaskClient d, UpgradeSignalHandlers h, CancellationToken ct) =>
            h.AbortAsync(UpgradeSignalRequest.FromRequest(r), d, id, ct)).RequireApiKey(ApiAccess.Operator);
        api.MapPost("/alerts", async (HttpRequest r, IOptions<SeamlessOptions> o, DurableTaskClient d, AlertHandler h, CancellationToken ct) =>
            await h.ReceiveAsync(await JsonRequestBody.ReadAsync(r, o.Value.Api.MaxBodyBytes, ct), d, ct)).RequireApiKey();
        api.MapPost("/scale-in/run", async (HttpRequest r, IOptions<SeamlessOptions> o, DurableTaskClient d, ScaleInHandlers h, CancellationToken ct) =>
            await h.RunAsync(await JsonRequestBody.ReadIfPresentAsync(r, o.Value.Api.MaxBodyBytes, ct), d, ct)).RequireApiKey();
        api.MapGet("/scale-in/decisions", (HttpRequest r, ScaleInHandlers h, CancellationToken ct) =>
            h.GetDecisionsAsync(DecisionQuery.FromRequest(r), ct)).RequireApiKey();
        api.MapGet("/plans", (DurableTaskClient d, FleetHandlers h, CancellationToken ct) =>
            h.ListPlansAsync(d, ct)).RequireApiKey();
        api.MapGet("/plans/{name}", (HttpRequest r, string name, DurableTaskClient d, FleetHandlers h, CancellationToken ct) =>
            h.GetPlanAsync(PlanHistoryQuery.FromRequest(r), d, name, ct)).RequireApiKey();
        api.MapGet("/health", HealthHandler.Health);
        api.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Json, "application/json"));
        api.MapGet("/" + WebConsolePage.Route, WebConsolePage.Page);
        api.MapGet("/" + WebConsolePage.Route + "/{file}", (string file) => WebConsolePage.File(file));
        return endpoints;
    }

    /// <summary>Serves the web console at <c>/</c> too (the self-hosted server's home page); <see cref="MapSeamlessApi"/> maps <c>/api/console</c>.</summary>
    public static IEndpointRouteBuilder MapSeamlessConsoleHome(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", WebConsolePage.Page);
        return endpoints;
    }
}
