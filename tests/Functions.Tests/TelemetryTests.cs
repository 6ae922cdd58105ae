using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Seamless.Functions.Tests;

/// <summary>
/// The worker's telemetry wiring as Program.cs does it: OpenTelemetry with the Azure Monitor exporter when the
/// Application Insights connection string is set, nothing when it is not (a local run still builds and starts).
/// </summary>
public sealed class TelemetryTests
{
    // A well-formed connection string whose endpoint goes nowhere: nothing is exported while the tests run.
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://ingestion.invalid/";

    private const string EntraAuthentication = "ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD";

    [Fact]
    public void AddSeamlessTelemetry_WithConnectionString_RegistersProvidersAndTheAzureMonitorExporter()
    {
        var services = Services(ConnectionString, EntraAuthentication);

        using var provider = services.BuildServiceProvider();

        provider.GetService<TracerProvider>().ShouldNotBeNull();
        provider.GetService<MeterProvider>().ShouldNotBeNull();
        provider.GetServices<ILoggerProvider>().OfType<OpenTelemetryLoggerProvider>().ShouldHaveSingleItem();
        ExporterDescriptors(services).ShouldNotBeEmpty();
        var exporterOptions = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;
        exporterOptions.ConnectionString.ShouldBe(ConnectionString);
        exporterOptions.Credential.ShouldBeOfType<ManagedIdentityCredential>();
        // UseFunctionsWorkerDefaults tells the host the worker exports its own telemetry.
        provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.ShouldContainKeyAndValue("WorkerOpenTelemetryEnabled", bool.TrueString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AddSeamlessTelemetry_WithoutConnectionString_RegistersNothing(string connectionString)
    {
        var services = Services(connectionString, EntraAuthentication);

        using var provider = services.BuildServiceProvider();

        services.Count.ShouldBe(Services(null, null, addTelemetry: false).Count);
        ExporterDescriptors(services).ShouldBeEmpty();
        provider.GetService<TracerProvider>().ShouldBeNull();
        provider.GetService<MeterProvider>().ShouldBeNull();
        provider.GetServices<ILoggerProvider>().OfType<OpenTelemetryLoggerProvider>().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(ConnectionString, true)]
    public void FunctionsApplication_BuiltAsProgramDoes_BuildsWithTracingOnlyWhenConnectionStringIsSet(string? connectionString, bool traced)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration[Telemetry.ConnectionStringSetting] = connectionString;
        builder.Configuration[Telemetry.AuthenticationStringSetting] = EntraAuthentication;

        builder.Services.AddSeamlessTelemetry(builder.Configuration);
        using var host = builder.Build();

        (host.Services.GetService<TracerProvider>() is not null).ShouldBe(traced);
        host.Services.GetServices<ILoggerProvider>().OfType<OpenTelemetryLoggerProvider>().Any().ShouldBe(traced);
    }

    [Fact]
    public void AddSeamlessTelemetry_LoggerFilters_ExportInformationFromOurCategoriesAndWarningFromOthers()
    {
        using var provider = Services(ConnectionString, null).BuildServiceProvider();
        var factory = provider.GetRequiredService<ILoggerFactory>();

        var ours = factory.CreateLogger("Seamless.Workflows.ScaleIn.ScaleInSweeper");
        var function = factory.CreateLogger("Function.ScaleInTimer");
        var framework = factory.CreateLogger("Microsoft.Azure.Functions.Worker.FunctionsApplication");

        ours.IsEnabled(LogLevel.Information).ShouldBeTrue();
        ours.IsEnabled(LogLevel.Debug).ShouldBeFalse();
        function.IsEnabled(LogLevel.Information).ShouldBeTrue();
        framework.IsEnabled(LogLevel.Information).ShouldBeFalse();
        framework.IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("ClientId=11111111-1111-1111-1111-111111111111", null)]
    [InlineData("Authorization=Key", null)]
    [InlineData("Authorization=AAD", typeof(ManagedIdentityCredential))]
    [InlineData(EntraAuthentication, typeof(ManagedIdentityCredential))]
    [InlineData(" clientid = 11111111-1111-1111-1111-111111111111 ; authorization = aad ", typeof(ManagedIdentityCredential))]
    public void CredentialFrom_AuthenticationString_IsManagedIdentityOnlyForEntra(string? authenticationString, Type? expected)
    {
        var credential = Telemetry.CredentialFrom(authenticationString);

        (credential?.GetType()).ShouldBe(expected);
    }

    [Fact]
    public void PublishedApp_Dependencies_HaveNoApplicationInsightsSdkAndDoHaveOpenTelemetry()
    {
        var libraries = PublishedFunctionsApp.Libraries;

        libraries.ShouldNotContain(name => name.Contains("ApplicationInsights", StringComparison.OrdinalIgnoreCase));
        libraries.ShouldContain("Azure.Monitor.OpenTelemetry.Exporter");
        libraries.ShouldContain("Microsoft.Azure.Functions.Worker.OpenTelemetry");
    }

    [Fact]
    public void PublishedApp_HostJson_RunsTheHostInOpenTelemetryMode()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(PublishedFunctionsApp.Directory, "host.json")));

        hostJson.RootElement.GetProperty("telemetryMode").GetString().ShouldBe("OpenTelemetry");
    }

    private static ServiceCollection Services(string? connectionString, string? authenticationString, bool addTelemetry = true)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [Telemetry.ConnectionStringSetting] = connectionString,
                [Telemetry.AuthenticationStringSetting] = authenticationString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<WorkerOptions>();
        if (addTelemetry)
        {
            services.AddSeamlessTelemetry(configuration);
        }

        return services;
    }

    private static List<ServiceDescriptor> ExporterDescriptors(ServiceCollection services)
    {
        var exporterAssembly = typeof(AzureMonitorExporterOptions).Assembly;
        return [.. services.Where(d =>
            d.ServiceType.Assembly == exporterAssembly
            || d.ServiceType.GenericTypeArguments.Any(t => t.Assembly == exporterAssembly)
            || (!d.IsKeyedService && d.ImplementationType?.Assembly == exporterAssembly))];
    }
}
