using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure;

namespace Seamless.Host.Cli;

/// <summary>The Azure adapters for one-shot CLI commands: real Azure, or an endpoint override (a simulator) with a static token.</summary>
internal static class AzureServices
{
    /// <summary>Builds a provider holding the adapters; dispose it when done.</summary>
    public static ServiceProvider Create(Uri? endpoint)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables();
        if (endpoint is not null)
        {
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seamless:Azure:ArmEndpoint"] = endpoint.ToString(),
                ["Seamless:Azure:MetricsEndpoint"] = endpoint.ToString(),
                ["Seamless:Azure:StaticToken"] = "simulator",
            });
        }

        return new ServiceCollection().AddLogging().AddSeamlessAzure(config.Build()).BuildServiceProvider();
    }
}
