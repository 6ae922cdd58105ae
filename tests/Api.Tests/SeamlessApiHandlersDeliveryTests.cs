using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>Signed CI deliveries on a server with the in-process simulator: one delivery, one upgrade.</summary>
public sealed class SeamlessApiHandlersDeliveryTests(SimulatedServerFixture fixture) : IClassFixture<SimulatedServerFixture>
{
    private readonly ApiServer _api = fixture.Api;

    [Fact]
    public async Task PostUpgrade_SignedDeliveryThenReplays_StartsExactlyOneUpgrade()
    {
        string json = Payloads.Upgrade().ToJsonString();
        const string delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

        var first = await _api.PostUpgradeAsync(json, delivery);
        var replay = await _api.PostUpgradeAsync(json, delivery);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _api.PostUpgradeAsync(json, delivery)));
        var status = await _api.SendAsync(HttpMethod.Get, "/api/upgrades/" + Uri.EscapeDataString(first.Json.GetProperty("id").GetString()!));

        first.Status.ShouldBe(202, first.ToString());
        string id = first.Json.GetProperty("id").GetString()!;
        id.ShouldStartWith("upgrade:app-demo:");
        first.Json.GetProperty("statusUri").GetString()!.ShouldEndWith("/api/upgrades/" + Uri.EscapeDataString(id));
        replay.Status.ShouldBe(200, replay.ToString());
        replay.Json.GetProperty("id").GetString().ShouldBe(id);
        concurrent.ShouldAllBe(r => r.Status == 200 && r.Json.GetProperty("id").GetString() == id);
        status.Status.ShouldBe(200, status.ToString());
        (await _api.InstancesAsync()).Where(i => i.InstanceId.StartsWith("upgrade:", StringComparison.Ordinal)).Select(i => i.InstanceId).ShouldBe([id]);
    }
}
