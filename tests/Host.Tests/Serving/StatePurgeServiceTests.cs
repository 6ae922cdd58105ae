using Microsoft.Extensions.DependencyInjection;
using Seamless.Host.Demo;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Host.Tests.Serving;

/// <summary>The Host purges expired state on its own timer, on the shared (simulated) clock.</summary>
public sealed class StatePurgeServiceTests : IAsyncLifetime
{
    private const string Key = "purge-service-key-0123456789abcdef";
    private SelfHostedServer _server = null!;

    public async Task InitializeAsync()
    {
        var configuration = DemoRunner.DemoConfiguration(Key);
        configuration["Seamless:ScaleIn:Enabled"] = "false";
        configuration["Seamless:Retention:PurgeInterval"] = "00:01:00";
        _server = await SelfHostedServer.StartAsync(configuration);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Timer_ExpiredAlertMarker_RemovedWhileAYoungOneStays()
    {
        var store = _server.Services.GetRequiredService<IStateStore>();
        var now = _server.Simulator!.Clock.GetUtcNow();
        string expired = StateKeys.Alert("purge-old", "Fired");
        string young = StateKeys.Alert("purge-young", "Fired");
        await store.TryWriteAsync(expired, WorkflowJson.Serialize(new { receivedAt = now.AddDays(-8), action = "Ignore" })!, null, default);
        await store.TryWriteAsync(young, WorkflowJson.Serialize(new { receivedAt = now.AddDays(-6), action = "Ignore" })!, null, default);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await store.GetAsync(expired, default) is not null)
        {
            await Task.Delay(100, cts.Token);
        }

        (await store.GetAsync(young, default)).ShouldNotBeNull();
    }
}
