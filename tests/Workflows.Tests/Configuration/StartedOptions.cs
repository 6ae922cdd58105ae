using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary>The options as both hosts start them (<see cref="WorkflowServiceCollectionExtensions.AddSeamlessWorkflows"/>): bound, checked and validated.</summary>
internal static class StartedOptions
{
    /// <summary>The resource id of a managed plan, less its name.</summary>
    public const string PlanPrefix = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/";

    /// <summary>Starts the options from <paramref name="settings"/>, with an API key and the named plans managed.</summary>
    /// <exception cref="OptionsValidationException">A setting stops start-up.</exception>
    public static SeamlessOptions Bind(Dictionary<string, string?> settings, params string[] plans)
    {
        settings["Seamless:Api:Keys:0"] = "0123456789abcdef0123";
        foreach (var (plan, i) in plans.Select((p, i) => (p, i)))
        {
            settings[$"Seamless:Managed:Plans:{i}"] = PlanPrefix + plan;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddSeamlessWorkflows(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SeamlessOptions>>().Value;
    }
}
