using Microsoft.DurableTask.Client;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Workflows.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace Seamless.Api.Tests;

/// <summary>
/// A captured signed delivery resent under a new delivery-id header (the header is not signed) maps
/// to the upgrade it started, even after that upgrade has ended; a new body <c>deliveryId</c> (signed)
/// is how the same version is released again.
/// </summary>
public sealed class SeamlessApiHandlersSignedReplayTests
{
    [Fact]
    public async Task PostUpgrade_SignedBodyResentUnderNewDeliveryHeaderAfterItEnded_SameUpgradeNeverASecond()
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        string json = Payloads.Upgrade().ToJsonString();

        var first = await api.PostUpgradeAsync(json, "delivery-original");
        string id = first.Json.GetProperty("id").GetString()!;
        var abort = await api.SendAsync(HttpMethod.Post, $"/api/upgrades/{Uri.EscapeDataString(id)}/abort");
        var client = api.Server.Services.GetRequiredService<DurableTaskClient>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ended = await client.WaitForInstanceCompletionAsync(id, cancellation: cts.Token);
        var replayNewHeader = await api.PostUpgradeAsync(json, "delivery-forged-by-a-replayer");
        var replayNoHeader = await api.PostUpgradeAsync(json);

        first.Status.ShouldBe(202, first.ToString());
        abort.Status.ShouldBe(202, abort.ToString());
        ended.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        replayNewHeader.Status.ShouldBe(200, replayNewHeader.ToString());
        replayNewHeader.Json.GetProperty("id").GetString().ShouldBe(id);
        replayNoHeader.Status.ShouldBe(200, replayNoHeader.ToString());
        replayNoHeader.Json.GetProperty("id").GetString().ShouldBe(id);
        (await api.InstancesAsync()).Select(i => i.InstanceId).Where(i => i.StartsWith("upgrade:", StringComparison.Ordinal)).ShouldBe([id]);
    }

    [Fact]
    public async Task PostUpgrade_SameVersionWithNewSignedDeliveryId_StartsANewRelease()
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        var body = Payloads.Upgrade();
        body["deliveryId"] = "run-1";
        var first = await api.PostUpgradeAsync(body.ToJsonString());
        string id = first.Json.GetProperty("id").GetString()!;
        await api.SendAsync(HttpMethod.Post, $"/api/upgrades/{Uri.EscapeDataString(id)}/abort");
        var client = api.Server.Services.GetRequiredService<DurableTaskClient>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await client.WaitForInstanceCompletionAsync(id, cancellation: cts.Token);
        body["deliveryId"] = "run-2";

        var second = await api.PostUpgradeAsync(body.ToJsonString());

        first.Status.ShouldBe(202, first.ToString());
        second.Status.ShouldBe(202, second.ToString());
        second.Json.GetProperty("id").GetString().ShouldNotBe(id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public async Task PostUpgrade_InvalidBodyDeliveryId_400NamesTheField(string deliveryId)
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        var body = Payloads.Upgrade();
        body["deliveryId"] = deliveryId;

        var response = await api.PostUpgradeAsync(body.ToJsonString());

        response.Status.ShouldBe(400, response.ToString());
        response.Body.ShouldContain("deliveryId");
        (await api.InstancesAsync()).ShouldBeEmpty();
    }
}
