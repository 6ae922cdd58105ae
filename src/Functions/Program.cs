using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Seamless.Api;
using Seamless.Azure;
using Seamless.Functions;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;

// Azure Functions isolated worker (reference/functions-api.md §2): ASP.NET Core integration,
// OpenTelemetry exported to Azure Monitor, and the shared Seamless services. Durable clients come from each trigger's
// [DurableClient] binding and are passed to the handlers explicitly.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// In Azure the platform checks function keys (AuthorizationLevel.Function); the shared API then
// skips its own key check unless the app settings say otherwise.
if (string.IsNullOrEmpty(builder.Configuration["Seamless:Api:Authentication"]))
{
    builder.Configuration["Seamless:Api:Authentication"] = "Platform";
}

// OpenTelemetry to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set (Telemetry.cs).
builder.Services.AddSeamlessTelemetry(builder.Configuration);

// One JSON convention for orchestration inputs, outputs, events and status in both hosts.
builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(WorkflowJson.Options));

builder.Services.AddSeamlessWorkflows(builder.Configuration);
builder.Services.AddSeamlessApi();
builder.Services.AddSeamlessAzure(builder.Configuration);
builder.Services.AddSeamlessBlobStateStore();

builder.Build().Run();
