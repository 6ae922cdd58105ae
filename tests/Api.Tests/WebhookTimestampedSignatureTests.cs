using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// Timestamped delivery signatures (<c>Seamless-Signature: t=…,v1=…</c>): the timestamp is under the MAC,
/// so a captured delivery is refused once older than the tolerance, and cannot be re-dated.
/// </summary>
public sealed class WebhookTimestampedSignatureTests
{
    private const string Secret = "a-webhook-secret-of-some-length";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"site\":\"x\",\"version\":\"v2\"}");

    public static TheoryData<string, int> Ages => new()
    {
        { "just signed", 0 },
        { "sender clock 2 minutes ahead", -120 },
        { "4 minutes in flight", 240 },
    };

    public static TheoryData<string, int> StaleAges => new()
    {
        { "replayed an hour later", 3600 },
        { "just past the tolerance", 301 },
        { "dated 10 minutes in the future", -600 },
    };

    [Theory]
    [MemberData(nameof(Ages))]
    public void Check_FreshSignature_Valid(string name, int ageSeconds)
    {
        string header = WebhookSignature.SignTimestamped(Secret, Body, Now.AddSeconds(-ageSeconds));

        var check = WebhookSignature.Check(Secret, Body, header, bodyOnly: null, Now, Tolerance);

        check.IsValid.ShouldBeTrue(name);
        check.Timestamped.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(StaleAges))]
    public void Check_SignatureOutsideTheTolerance_RefusedSayingWhy(string name, int ageSeconds)
    {
        string header = WebhookSignature.SignTimestamped(Secret, Body, Now.AddSeconds(-ageSeconds));

        var check = WebhookSignature.Check(Secret, Body, header, bodyOnly: null, Now, Tolerance);

        check.IsValid.ShouldBeFalse(name);
        check.Reason.ShouldNotBeNull().ShouldContain("Seamless:Api:SignatureTolerance");
    }

    [Fact]
    public void Check_TimestampRewrittenOnACapturedSignature_Refused()
    {
        string captured = WebhookSignature.SignTimestamped(Secret, Body, Now.AddHours(-2));
        string redated = $"t={Now.ToUnixTimeSeconds()}," + captured.Split(',')[1];

        var check = WebhookSignature.Check(Secret, Body, redated, bodyOnly: null, Now, Tolerance);

        check.IsValid.ShouldBeFalse();
        check.Reason.ShouldNotBeNull().ShouldContain("does not match");
    }

    [Theory]
    [InlineData("t=abc,v1=00")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1700000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1700000000,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Check_MalformedHeader_RefusedWithTheExpectedShape(string header)
    {
        var check = WebhookSignature.Check(Secret, Body, header, bodyOnly: null, Now, Tolerance);

        check.IsValid.ShouldBeFalse();
        check.Reason.ShouldNotBeNull().ShouldContain("t=<unix seconds>,v1=<64 hex digits>");
    }

    [Fact]
    public void Check_BodyOnlySignatureWithoutTimestamp_StillAccepted()
    {
        var check = WebhookSignature.Check(Secret, Body, timestamped: null, WebhookSignature.Sign(Secret, Body), Now, Tolerance);

        check.IsValid.ShouldBeTrue();
        check.Timestamped.ShouldBeFalse();
    }

    [Fact]
    public void Check_NoSignatureAtAll_RefusedNamingBothSchemes()
    {
        var check = WebhookSignature.Check(Secret, Body, timestamped: null, bodyOnly: null, Now, Tolerance);

        check.IsValid.ShouldBeFalse();
        check.Reason.ShouldNotBeNull().ShouldContain(WebhookSignature.TimestampedHeader);
        check.Reason.ShouldContain(WebhookSignature.Header);
    }

    [Fact]
    public async Task PostUpgrade_TimestampedSignatures_FreshStartsStaleRefusedWith401()
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        byte[] fresh = Encoding.UTF8.GetBytes(Payloads.Upgrade(version: "v2").ToJsonString());
        byte[] old = Encoding.UTF8.GetBytes(Payloads.Upgrade(version: "v3").ToJsonString());
        var freshHeaders = new Dictionary<string, string> { [WebhookSignature.TimestampedHeader] = WebhookSignature.SignTimestamped(ApiServer.Secret, fresh, DateTimeOffset.UtcNow) };
        var oldHeaders = new Dictionary<string, string> { [WebhookSignature.TimestampedHeader] = WebhookSignature.SignTimestamped(ApiServer.Secret, old, DateTimeOffset.UtcNow.AddMinutes(-30)) };

        var accepted = await api.SendAsync(HttpMethod.Post, "/api/upgrades", fresh, headers: freshHeaders);
        var refused = await api.SendAsync(HttpMethod.Post, "/api/upgrades", old, headers: oldHeaders);

        accepted.Status.ShouldBe(202, accepted.ToString());
        refused.ShouldBeProblem(401).GetProperty("detail").GetString()!.ShouldContain("accepted within 300 s");
        var instances = await api.Server.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync();
        instances.Where(i => i.InstanceId.StartsWith("upgrade:", StringComparison.Ordinal)).Select(i => i.InstanceId)
            .ShouldBe([accepted.Json.GetProperty("id").GetString()!]);
    }
}
