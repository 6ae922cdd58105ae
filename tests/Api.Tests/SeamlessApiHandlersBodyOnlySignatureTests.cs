using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Api.Tests;

/// <summary>
/// GitHub-style body-only signatures carry no age: they are accepted only while builds are identified, and the record of
/// such a delivery is kept for good (a replay record outside every purged prefix).
/// </summary>
public sealed class SeamlessApiHandlersBodyOnlySignatureTests
{
    [Fact]
    public async Task PostUpgrade_BodyOnlySignatureWithBuildIdentityOff_401SaysToSignWithATimestamp()
    {
        await using var api = await ApiServer.StartSimulatedAsync(new Dictionary<string, string?> { ["Seamless:BuildIdentity:Source"] = "None" });

        var response = await api.PostUpgradeAsync(Payloads.Upgrade().ToJsonString());

        response.Status.ShouldBe(401, response.ToString());
        response.IsProblem.ShouldBeTrue();
        response.Body.ShouldContain("Seamless:BuildIdentity:Source is None");
        response.Body.ShouldContain(WebhookSignature.TimestampedHeader);
        await api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_TimestampedSignatureWithBuildIdentityOff_Accepted()
    {
        await using var api = await ApiServer.StartSimulatedAsync(new Dictionary<string, string?> { ["Seamless:BuildIdentity:Source"] = "None" });
        byte[] body = Encoding.UTF8.GetBytes(Payloads.Upgrade().ToJsonString());

        var response = await api.SendAsync(
            HttpMethod.Post,
            "/api/upgrades",
            body,
            headers: new Dictionary<string, string> { [WebhookSignature.TimestampedHeader] = WebhookSignature.SignTimestamped(ApiServer.Secret, body, DateTimeOffset.UtcNow) });

        response.Status.ShouldBe(202, response.ToString());
    }

    [Fact]
    public async Task PostUpgrade_BodyOnlySignature_RecordedUnderTheReplayPrefixNotTheDeliveries()
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        string json = Payloads.Upgrade().ToJsonString();

        var response = await api.PostUpgradeAsync(json);

        response.Status.ShouldBe(202, response.ToString());
        var store = api.Server.Services.GetRequiredService<IStateStore>();
        (await store.ListAsync(StateKeys.ReplayRoot, 10, CancellationToken.None)).Count.ShouldBe(1);
        (await store.ListAsync(StateKeys.DeliveryRoot, 10, CancellationToken.None)).ShouldBeEmpty();
    }
}
