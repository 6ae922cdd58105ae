using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>Adapters wired to a loopback endpoint with scaled-down retry and polling delays.</summary>
public static class TestClients
{
    public static AzureAccessOptions Options(Uri baseAddress, int maxRetries = 2) => new()
    {
        ArmEndpoint = baseAddress,
        MetricsEndpoint = baseAddress,
        DataPlaneEndpoint = baseAddress,
        StaticToken = "test-token",
        StateStoreBlobEndpoint = baseAddress,
        StateStoreContainer = "seamless-state",
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        NetworkTimeout = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromMilliseconds(10),
        MaxPollDelay = TimeSpan.FromMilliseconds(200),
        OperationTimeout = TimeSpan.FromSeconds(30),
        ProbeTimeout = TimeSpan.FromSeconds(5),
    };

    public static AzurePipelineFactory Pipelines(AzureAccessOptions options, params HttpPipelinePolicy[] policies) =>
        new(options, perRetryPolicies: policies);

    public static ArmAppServiceClient AppService(AzureAccessOptions options) =>
        new(Pipelines(options), NullLogger<ArmAppServiceClient>.Instance);

    public static MonitorMetricsClient Metrics(AzureAccessOptions options) =>
        new(Pipelines(options), NullLogger<MonitorMetricsClient>.Instance);

    public static BlobStateStore Blobs(AzureAccessOptions options) =>
        new(Pipelines(options), NullLogger<BlobStateStore>.Instance);
}
