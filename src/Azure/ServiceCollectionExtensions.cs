using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>Registers the Azure adapters.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAppServiceClient"/>, <see cref="IMetricsClient"/> and <see cref="ISiteProbe"/>
    /// with <see cref="AzureAccessOptions"/> bound from <c>Seamless:Azure</c> and validated at start.
    /// </summary>
    public static IServiceCollection AddSeamlessAzure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AzureAccessOptions>()
            .Configure(_ => SettingsCheck.ThrowIfAny<AzureAccessOptions>(configuration.GetSection(AzureAccessOptions.SectionName)))
            .Bind(configuration.GetSection(AzureAccessOptions.SectionName));
        return services.AddSeamlessAzureCore();
    }

    /// <summary>Registers the adapters with options set in code (tests, the demo host).</summary>
    public static IServiceCollection AddSeamlessAzure(this IServiceCollection services, Action<AzureAccessOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureAccessOptions>().Configure(configure);
        return services.AddSeamlessAzureCore();
    }

    /// <summary>
    /// Registers <see cref="BlobStateStore"/> as <see cref="IStateStore"/>; requires
    /// <c>StateStoreBlobEndpoint</c> and <c>StateStoreContainer</c>. Call after <c>AddSeamlessAzure</c>.
    /// </summary>
    public static IServiceCollection AddSeamlessBlobStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureAccessOptions>, BlobStateStoreOptionsValidator>());
        services.TryAddSingleton<IStateStore>(sp => new BlobStateStore(
            sp.GetRequiredService<AzurePipelineFactory>(),
            sp.GetRequiredService<ILogger<BlobStateStore>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    private static IServiceCollection AddSeamlessAzureCore(this IServiceCollection services)
    {
        services.AddOptions<AzureAccessOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureAccessOptions>, AzureAccessOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AzurePipelineFactory(sp.GetRequiredService<IOptions<AzureAccessOptions>>().Value));
        services.TryAddSingleton<IAppServiceClient>(sp =>
        {
            var arm = new ArmAppServiceClient(
                sp.GetRequiredService<AzurePipelineFactory>(),
                sp.GetRequiredService<ILogger<ArmAppServiceClient>>(),
                sp.GetService<TimeProvider>());
            return sp.GetRequiredService<IOptions<AzureAccessOptions>>().Value.ArmReadBatching
                ? new BatchingAppServiceClient(arm, arm, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<BatchingAppServiceClient>>())
                : arm;
        });
        services.TryAddSingleton<IMetricsClient>(sp =>
        {
            var monitor = new MonitorMetricsClient(
                sp.GetRequiredService<AzurePipelineFactory>(),
                sp.GetRequiredService<ILogger<MonitorMetricsClient>>(),
                sp.GetService<TimeProvider>());
            return sp.GetRequiredService<IOptions<AzureAccessOptions>>().Value.MetricsBatching
                ? new BatchingMetricsClient(monitor, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<BatchingMetricsClient>>())
                : monitor;
        });
        services.AddHttpClient(HttpSiteProbe.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Cookies are set per probe (ARRAffinity); redirects are reported, not followed.
                UseCookies = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.TryAddSingleton<ISiteProbe>(sp => new HttpSiteProbe(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<AzureAccessOptions>>(),
            sp.GetRequiredService<ILogger<HttpSiteProbe>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }
}
