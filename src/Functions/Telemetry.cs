using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Seamless.Functions;

/// <summary>
/// The Functions worker's telemetry: OpenTelemetry traces, metrics and logs exported to Azure Monitor
/// (Application Insights) when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; nothing at all otherwise,
/// so a local run without Application Insights starts and logs to the console through the host as before.
/// The host side is switched by <c>"telemetryMode": "OpenTelemetry"</c> in host.json.
/// </summary>
public static class Telemetry
{
    /// <summary>The app setting that names the Application Insights resource to export to.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The app setting that says how to authenticate to it (<c>ClientId=…;Authorization=AAD</c>, infra/modules/function-app.bicep).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Log category prefixes whose Information logs are exported; other categories export Warning and up.</summary>
    public static IReadOnlyList<string> InformationCategories { get; } = ["Seamless", "Function"];

    /// <summary>
    /// Activity sources traced: function invocations (the worker), Durable Task client and worker spans, and
    /// outbound HTTP (ARM, Azure Monitor metrics and Storage calls).
    /// </summary>
    public static IReadOnlyList<string> TraceSources { get; } = ["Microsoft.Azure.Functions.Worker", "Microsoft.DurableTask", "System.Net.Http"];

    /// <summary>Meters exported: outbound HTTP and the .NET runtime's own meter.</summary>
    public static IReadOnlyList<string> Meters { get; } = ["System.Net.Http", "System.Runtime"];

    /// <summary>
    /// Registers OpenTelemetry with the Functions worker defaults and the Azure Monitor exporter when
    /// <see cref="ConnectionStringSetting"/> is set; registers nothing otherwise.
    /// </summary>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSeamlessTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        string? connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        TokenCredential? credential = CredentialFrom(configuration[AuthenticationStringSetting]);
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource([.. TraceSources]))
            .WithMetrics(metrics => metrics.AddMeter([.. Meters]))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                // Application Insights has local (key) auth off; the exporter does not read the
                // authentication string itself, so the identity it names is handed over here.
                options.Credential = credential;
            });

        // The logger provider exports Warning and up by default, Information from our own categories.
        services.AddLogging(logging =>
        {
            logging.AddFilter<OpenTelemetryLoggerProvider>(null, LogLevel.Warning);
            foreach (string category in InformationCategories)
            {
                logging.AddFilter<OpenTelemetryLoggerProvider>(category, LogLevel.Information);
            }
        });

        return services;
    }

    /// <summary>
    /// The credential an Application Insights authentication string asks for: <c>Authorization=AAD</c> with a
    /// <c>ClientId</c> is that user-assigned managed identity, without one the system-assigned identity; no string
    /// (or no <c>Authorization=AAD</c>) means no credential, i.e. instrumentation-key ingestion.
    /// </summary>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);

        if (!parts.TryGetValue("Authorization", out string? authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out string? clientId) && !string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
