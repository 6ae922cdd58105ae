using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Alerts;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows;

/// <summary>DI registration shared by both hosts.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers options (bound from <c>Seamless</c>, validated at start), the workflow catalog,
    /// activities and the services the API calls. Hosts add the ports (src/Azure or a simulator),
    /// the state store and a Durable engine whose client they pass to the starters.
    /// </summary>
    public static IServiceCollection AddSeamlessWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SeamlessOptions>()
            // Seamless:Azure is bound to the Azure adapters' own options, which check it (AddSeamlessAzure).
            .Configure(_ => SettingsCheck.ThrowIfAny<SeamlessOptions>(configuration.GetSection(SeamlessOptions.SectionName), "Azure"))
            .Bind(configuration.GetSection(SeamlessOptions.SectionName))
            .PostConfigure(o => o.ScaleIn.LayerPlanPolicies(configuration.GetSection($"{SeamlessOptions.SectionName}:ScaleIn")))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeamlessOptions>, SeamlessOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => WorkflowCatalog.Create());
        services.TryAddSingleton<DemandLedgerStore>();
        services.TryAddSingleton<PromiseFloorStore>();
        services.TryAddSingleton<AppServiceActivities>();
        services.TryAddSingleton<StateActivities>();
        services.TryAddSingleton<DecisionJournal>();
        services.TryAddSingleton<UpgradeStarter>();
        services.TryAddSingleton<AlertRouter>();
        services.TryAddSingleton(_ => ScaleInSchedule.FromConfiguration(configuration));
        services.TryAddSingleton<ScaleInSweeper>();
        services.TryAddSingleton<ScaleInPreview>();
        services.TryAddSingleton<StatePurger>();
        services.TryAddSingleton<NotificationSender>();

        // Webhook URLs are operator configuration; a redirect could still lead a signed body elsewhere, so none is followed.
        services.AddHttpClient(NotificationSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return services;
    }
}

/// <summary>Runs <see cref="SeamlessOptions.Validate"/> at start.</summary>
internal sealed class SeamlessOptionsValidator : IValidateOptions<SeamlessOptions>
{
    public ValidateOptionsResult Validate(string? name, SeamlessOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
