using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<SeamlessApiHandlers>();
        return services;
    }

    /// <summary>Maps every route under <c>/api</c>.</summary>
    public static IEndpointRouteBuilder MapSeamlessApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapPost("/upgrades", (HttpContext c, SeamlessApiHandlers h) => h.StartUpgradeAsync(c));
        api.MapGet("/upgrades/{id}", (HttpContext c, string id, SeamlessApiHandlers h) => h.GetUpgradeAsync(c, id));
        api.MapPost("/upgrades/{id}/approve", (HttpContext c, string id, SeamlessApiHandlers h) => h.ApproveAsync(c, id));
        api.MapPost("/upgrades/{id}/abort", (HttpContext c, string id, SeamlessApiHandlers h) => h.AbortAsync(c, id));
        api.MapPost("/alerts", (HttpContext c, SeamlessApiHandlers h) => h.AlertAsync(c));
        api.MapPost("/scale-in/run", (HttpContext c, SeamlessApiHandlers h) => h.RunScaleInAsync(c));
        api.MapGet("/scale-in/decisions", (HttpContext c, SeamlessApiHandlers h) => h.GetDecisionsAsync(c));
        api.MapGet("/health", SeamlessApiHandlers.Health);
        api.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Json, "application/json"));
        return endpoints;
    }
}
