using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Ports;

namespace Seamless.Durable;

/// <summary>DI registration of the embedded durable engine.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine (<see cref="DurableEngine"/>), an <see cref="IHostedService"/> running its
    /// dispatchers, its <see cref="DurableTaskClient"/> and <see cref="IStateStore"/>
    /// (<see cref="SqliteStateStore"/>). Requires a <see cref="DurableTaskRegistry"/> singleton; uses the
    /// registered <see cref="TimeProvider"/> (system clock when none). Options are validated at start.
    /// </summary>
    public static IServiceCollection AddSeamlessDurableEngine(this IServiceCollection services, Action<DurableEngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DurableEngineOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableEngineOptions>, DurableEngineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DurableEngine(
            sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value,
            sp.GetRequiredService<DurableTaskRegistry>(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.TryAddSingleton(sp => sp.GetRequiredService<DurableEngine>().StateStore);
        services.AddHostedService<DurableEngineHostedService>();
        return services;
    }
}
