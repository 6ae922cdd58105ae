using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Seamless.Api;
using Seamless.Azure;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;

// Azure Functions isolated worker (reference/functions-api.md §2): ASP.NET Core integration,
// Application Insights 2.x and the shared Seamless services. Durable clients come from each trigger's
// [DurableClient] binding and are passed to the handlers explicitly.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// In Azure the platform checks function keys (AuthorizationLevel.Function); the shared API then
// skips its own key check unless the app settings say otherwise.
if (string.IsNullOrEmpty(builder.Configuration["Seamless:Api:Authentication"]))
{
    builder.Configuration["Seamless:Api:Authentication"] = "Platform";
}

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The AI SDK adds a Warning filter for its provider; remove it so Information logs reach App Insights.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var rule = options.Rules.FirstOrDefault(r => r.ProviderName ==
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (rule is not null)
    {
        options.Rules.Remove(rule);
    }
});

// One JSON convention for orchestration inputs, outputs, events and status in both hosts.
builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(WorkflowJson.Options));

builder.Services.AddSeamlessWorkflows(builder.Configuration);
builder.Services.AddSeamlessApi();
builder.Services.AddSeamlessAzure(builder.Configuration);
builder.Services.AddSeamlessBlobStateStore();

builder.Build().Run();
