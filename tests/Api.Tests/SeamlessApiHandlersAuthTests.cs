using System.Text;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>Keys and webhook signatures over real HTTP. Nothing valid is ever started on this server.</summary>
public sealed class SeamlessApiHandlersAuthTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private const string UpgradeId = "upgrade:app-demo:0123456789ab";

    private readonly ApiServer _api = fixture.Api;

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "POST", "/api/upgrades" },
        { "GET", "/api/upgrades/" + Uri.EscapeDataString(UpgradeId) },
        { "POST", "/api/upgrades/" + Uri.EscapeDataString(UpgradeId) + "/approve" },
        { "POST", "/api/upgrades/" + Uri.EscapeDataString(UpgradeId) + "/abort" },
        { "POST", "/api/alerts" },
        { "POST", "/api/scale-in/run" },
        { "GET", "/api/scale-in/decisions" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_NoKey_Returns401Problem(string method, string path)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path, Body(method), key: null);

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_WrongKeyInHeader_Returns401Problem(string method, string path)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path, Body(method), key: ApiServer.Key + "x");

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_WrongKeyInCodeQuery_Returns401Problem(string method, string path)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path + "?code=" + Uri.EscapeDataString("not-the-key-0123456789"), Body(method), key: null);

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    public async Task GetDecisions_ValidKey_Returns200(string placement)
    {
        var response = placement == "header"
            ? await _api.SendAsync(HttpMethod.Get, "/api/scale-in/decisions")
            : await _api.SendAsync(HttpMethod.Get, "/api/scale-in/decisions?code=" + Uri.EscapeDataString(ApiServer.Key), key: null);

        response.Status.ShouldBe(200, response.ToString());
        response.Json.GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task GetUpgrade_SecondConfiguredKey_PassesAuthentication()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/upgrades/" + Uri.EscapeDataString(UpgradeId), key: ApiServer.SecondKey);

        response.ShouldBeProblem(404);
    }

    [Fact]
    public async Task GetHealth_NoKey_Returns200()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/health", key: null);

        response.Status.ShouldBe(200);
        response.Json.GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task PostUpgrade_WrongSignature_Returns401AndStartsNothing()
    {
        string json = Payloads.Upgrade().ToJsonString();

        var response = await _api.PostUpgradeAsync(json, delivery: "bad-signature-1", signWith: "not-the-webhook-secret");

        response.ShouldBeProblem(401).GetProperty("detail").GetString()!.ShouldContain(WebhookSignature.Header);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_SignatureOfAnotherBody_Returns401AndStartsNothing()
    {
        byte[] signed = Encoding.UTF8.GetBytes(Payloads.Upgrade(version: "v1").ToJsonString());
        byte[] sent = Encoding.UTF8.GetBytes(Payloads.Upgrade(version: "v2").ToJsonString());
        var headers = new Dictionary<string, string> { [WebhookSignature.Header] = WebhookSignature.Sign(ApiServer.Secret, signed) };

        var response = await _api.SendAsync(HttpMethod.Post, "/api/upgrades", sent, headers: headers);

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_UnsignedWithSecretConfigured_Returns401AndStartsNothing()
    {
        string json = Payloads.Upgrade().ToJsonString();

        var response = await _api.PostUpgradeAsync(json, delivery: "unsigned-1", signWith: null);

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("not json", "{ this is not json")]
    [InlineData("wrong field types", "{\"site\":1,\"version\":[]}")]
    [InlineData("empty", "")]
    public async Task PostUpgrade_MalformedBodyWrongSignature_Returns401Not400(string name, string body)
    {
        var headers = new Dictionary<string, string> { [WebhookSignature.Header] = "sha256=" + new string('0', 64) };

        var response = await _api.SendAsync(HttpMethod.Post, "/api/upgrades", Encoding.UTF8.GetBytes(body), headers: headers);

        response.ShouldBeProblem(401);
        response.Body.ShouldNotContain("errors", Case.Sensitive, name);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_MalformedBodyCorrectlySigned_Returns400()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/api/upgrades", Encoding.UTF8.GetBytes("{ this is not json"), signWith: ApiServer.Secret);

        response.ShouldBeInvalid("$");
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_ValidSignatureButNoKey_Returns401()
    {
        string json = Payloads.Upgrade().ToJsonString();

        var response = await _api.PostUpgradeAsync(json, delivery: "signed-no-key-1", key: null);

        response.ShouldBeProblem(401);
        await _api.ShouldHaveStartedNothingAsync();
    }

    private static byte[]? Body(string method) => method == "POST" ? Encoding.UTF8.GetBytes("{}") : null;
}
