using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seamless.Api.Handlers;
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
        api.MapPost("/upgrades", (HttpContext c, DurableTaskClient d, UpgradeDeliveryHandler h) => h.StartAsync(c, d)).RequireApiKey();
        api.MapGet("/upgrades", (HttpContext c, DurableTaskClient d, UpgradeReadHandlers h) => h.ListAsync(c, d)).RequireApiKey();
        api.MapGet("/upgrades/{id}", (HttpContext c, string id, DurableTaskClient d, UpgradeReadHandlers h) => h.GetAsync(c, d, id)).RequireApiKey();
        api.MapGet("/upgrades/{id}/metrics", (HttpContext c, string id, DurableTaskClient d, UpgradeReadHandlers h) => h.GetMetricsAsync(c, d, id)).RequireApiKey();
        api.MapPost("/upgrades/{id}/approve", (HttpContext c, string id, DurableTaskClient d, UpgradeSignalHandlers h) => h.ApproveAsync(c, d, id)).RequireApiKey(ApiAccess.Approver);
        api.MapPost("/upgrades/{id}/abort", (HttpContext c, string id, DurableTaskClient d, UpgradeSignalHandlers h) => h.AbortAsync(c, d, id)).RequireApiKey(ApiAccess.Operator);
        api.MapPost("/alerts", (HttpContext c, DurableTaskClient d, AlertHandler h) => h.ReceiveAsync(c, d)).RequireApiKey();
        api.MapPost("/scale-in/run", (HttpContext c, DurableTaskClient d, ScaleInHandlers h) => h.RunAsync(c, d)).RequireApiKey();
        api.MapGet("/scale-in/decisions", (HttpContext c, ScaleInHandlers h) => h.GetDecisionsAsync(c)).RequireApiKey();
        api.MapGet("/plans", (HttpContext c, DurableTaskClient d, FleetHandlers h) => h.ListPlansAsync(c, d)).RequireApiKey();
        api.MapGet("/plans/{name}", (HttpContext c, string name, DurableTaskClient d, FleetHandlers h) => h.GetPlanAsync(c, d, name)).RequireApiKey();
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
