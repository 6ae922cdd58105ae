using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// Property-based and fuzz tests over the webhook and alert endpoints: never a 5xx, errors always
/// problem+json, nothing started, no Azure call of any kind (every call would pass the counting proxy). Properties are
/// FsCheck.Xunit <c>[Property]</c>s with fixed seeds (see <see cref="PropertyReplay"/>).
/// </summary>
public sealed class SeamlessApiHandlersHostileInputTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private const int Runs = 150;

    private readonly ApiServer _api = fixture.Api;

    [Property(MaxTest = Runs, Replay = "659918," + PropertyReplay.Gamma)] // seed 0xA11CE
    public Property PostUpgrade_RandomJsonSigned_NeverStartsAnything()
    {
        return Prop.ForAll(Hostile.RandomBody.ToArbitrary(), body =>
        {
            Send("/api/upgrades", body, sign: true).ShouldBeHandled(400, 403);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs / 3, Replay = "2827," + PropertyReplay.Gamma)] // seed 0xB0B
    public Property PostUpgrade_RandomJsonUnsigned_Returns401()
    {
        return Prop.ForAll(Hostile.RandomBody.ToArbitrary(), body =>
        {
            Send("/api/upgrades", body, sign: false).ShouldBeHandled(401);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs, Replay = "49374," + PropertyReplay.Gamma)] // seed 0xC0DE
    public Property PostAlert_RandomJson_NeverStartsAnything()
    {
        return Prop.ForAll(Hostile.RandomBody.ToArbitrary(), body =>
        {
            Send("/api/alerts", body, sign: false).ShouldBeHandled(400, 202);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs, Replay = "53261," + PropertyReplay.Gamma)] // seed 0xD00D
    public Property PostUpgrade_MutatedPayloadForUnmanagedSite_NeverStartsAnything()
    {
        return Prop.ForAll(Hostile.Mutated(Payloads.Upgrade(ApiServer.UnmanagedSiteId)).ToArbitrary(), body =>
        {
            Send("/api/upgrades", body, sign: true).ShouldBeHandled(400, 403);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs, Replay = "3697," + PropertyReplay.Gamma)] // seed 0xE71
    public Property PostUpgrade_HostileStringInAnyFieldOfManagedSite_Returns400()
    {
        string[] fields = ["site", "sourceSlot", "targetSlot", "strategy"];
        // An empty slot name means production (documented), so it is not hostile here.
        var cases = Gen.Zip(Gen.Elements(fields), Gen.Elements(Hostile.Strings.Where(s => s.Length > 0).ToArray()));

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var body = Payloads.Upgrade();
            body[c.Item1] = c.Item2;
            var response = Send("/api/upgrades", Encoding.UTF8.GetBytes(body.ToJsonString()), sign: true);
            response.ShouldBeHandled(400);
            response.ErrorFields.ShouldContain(e => e == c.Item1 || e == "targetSlot");
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs, Replay = "61453," + PropertyReplay.Gamma)] // seed 0xF00D
    public Property PostAlert_MutatedValidAlert_NeverStartsAnything()
    {
        return Prop.ForAll(Hostile.Mutated(Payloads.Alert()).ToArbitrary(), body =>
        {
            Send("/api/alerts", body, sign: false).ShouldBeHandled(400, 202);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs, Replay = "64206," + PropertyReplay.Gamma)] // seed 0xFACE
    public Property PostAlert_MutatedOfficialExample_NeverStartsAnything()
    {
        var official = JsonNode.Parse(Payloads.OfficialAlerts().First().Json)!.AsObject();

        return Prop.ForAll(Hostile.Mutated(official).ToArbitrary(), body =>
        {
            Send("/api/alerts", body, sign: false).ShouldBeHandled(400, 202);
            NothingStarted();
        });
    }

    [Property(MaxTest = Runs / 3, Replay = "469," + PropertyReplay.Gamma)] // seed 0x1D5
    public Property PostAlert_HostileTargetIds_RecordedWithoutAction()
    {
        return Prop.ForAll(Gen.Elements(Hostile.Strings.Where(s => s.Length is > 0 and <= 1024).ToArray()).ToArbitrary(), target =>
        {
            var response = Send("/api/alerts", Encoding.UTF8.GetBytes(Payloads.Alert(target: target).ToJsonString()), sign: false);
            response.ShouldBeHandled(202);
            response.Json.GetProperty("action").GetString().ShouldBe("Record");
            NothingStarted();
        });
    }

    [Theory]
    [InlineData("another name", "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-not-managed")]
    [InlineData("another group", "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-other/providers/Microsoft.Web/sites/app-demo")]
    [InlineData("another subscription", "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo")]
    [InlineData("name with unicode", "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-démo")]
    public async Task PostUpgrade_WellFormedUnmanagedSite_Returns403WithoutAnyAzureCall(string name, string site)
    {
        string json = Payloads.Upgrade(site).ToJsonString();

        var response = await _api.PostUpgradeAsync(json, delivery: "unmanaged-" + name.Replace(' ', '-'));

        if (response.Status == 400)
        {
            response.ShouldBeInvalid("site");
        }
        else
        {
            response.ShouldBeProblem(403).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("site");
        }

        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostScaleInRun_UnmanagedPlan_Returns403WithoutAnyAzureCall()
    {
        string plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/serverfarms/plan-other";

        var response = await _api.SendAsync(HttpMethod.Post, "/api/scale-in/run", Encoding.UTF8.GetBytes(new JsonObject { ["plan"] = plan }.ToJsonString()));

        response.ShouldBeProblem(403);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades", true)]
    [InlineData("/api/alerts", false)]
    public async Task Post_BodyOverLimitWithContentLength_Returns413(string path, bool sign)
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"site\":\"" + new string('a', ApiServer.MaxBodyBytes) + "\"}");

        var response = await _api.SendAsync(HttpMethod.Post, path, body, signWith: sign ? ApiServer.Secret : null);

        response.ShouldBeProblem(413);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades")]
    [InlineData("/api/alerts")]
    public async Task Post_ChunkedBodyOverLimit_Returns413(string path)
    {
        byte[] body = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("\"aaaaaaaaaaaaaaaa\"", ApiServer.MaxBodyBytes / 8)) + "]");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new UnknownLengthContent(body) };
        request.Headers.TryAddWithoutValidation(ApiKeyAuthenticator.KeyHeader, ApiServer.Key);
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(ApiServer.Secret, body));

        var response = await _api.SendAsync(request);

        response.ShouldBeProblem(413);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades")]
    [InlineData("/api/alerts")]
    public async Task Post_DeclaredLengthAboveTheServerLimit_Returns413Problem(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(new byte[8 * 1024 * 1024]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation(ApiKeyAuthenticator.KeyHeader, ApiServer.Key);

        // The server answers from the declared length without reading; 100-continue keeps the client from streaming 8 MiB into a closed socket.
        request.Headers.ExpectContinue = true;

        var response = await _api.SendAsync(request);

        response.ShouldBeProblem(413);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades", null)]
    [InlineData("/api/upgrades", "text/plain")]
    [InlineData("/api/upgrades", "application/x-www-form-urlencoded")]
    [InlineData("/api/upgrades", "multipart/form-data; boundary=b")]
    [InlineData("/api/upgrades", "application/xml")]
    [InlineData("/api/upgrades", "text/json")]
    [InlineData("/api/alerts", null)]
    [InlineData("/api/alerts", "text/plain")]
    [InlineData("/api/alerts", "application/xml")]
    [InlineData("/api/alerts", "application/json-seq")]
    public async Task Post_WrongContentType_Returns415(string path, string? contentType)
    {
        byte[] body = Encoding.UTF8.GetBytes(Payloads.Upgrade().ToJsonString());

        var response = await _api.SendAsync(HttpMethod.Post, path, body, contentType: contentType, signWith: ApiServer.Secret);

        response.ShouldBeProblem(415);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades", 33)]
    [InlineData("/api/upgrades", 5000)]
    [InlineData("/api/alerts", 33)]
    [InlineData("/api/alerts", 5000)]
    public async Task Post_DeepNesting_Returns400(string path, int depth)
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"site\":" + new string('[', depth) + new string(']', depth) + "}");

        var response = await _api.SendAsync(HttpMethod.Post, path, body, signWith: ApiServer.Secret);

        response.ShouldBeInvalid("$");
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostUpgrade_DeepNestingInsidePolicy_Returns400()
    {
        var body = Payloads.Upgrade();
        JsonNode nested = new JsonObject();
        for (int i = 0; i < 40; i++)
        {
            nested = new JsonObject { ["canary"] = nested };
        }

        body["policy"] = nested;
        var response = await _api.PostUpgradeAsync(body.ToJsonString());

        response.ShouldBeProblem(400);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("control character", "a\u0001b")]
    [InlineData("too long", "x")]
    public async Task PostUpgrade_InvalidDeliveryId_Returns400(string name, string delivery)
    {
        string id = name == "too long" ? new string('d', 201) : delivery;

        var response = await _api.PostUpgradeAsync(Payloads.Upgrade().ToJsonString(), delivery: id);

        response.ShouldBeInvalid("Idempotency-Key");
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Property(MaxTest = Runs / 2, Replay = "1028," + PropertyReplay.Gamma)] // seed 0x404
    public Property UpgradeRoutes_HostileIds_Return404Problem()
    {
        string[] actions = [string.Empty, "/approve", "/abort"];
        var cases = Gen.Zip(Gen.Elements(Hostile.Strings.Where(s => s.Length is > 0 and < 1000).ToArray()), Gen.Elements(actions));

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var method = c.Item2.Length == 0 ? HttpMethod.Get : HttpMethod.Post;
            var response = _api.SendAsync(method, "/api/upgrades/" + Uri.EscapeDataString(c.Item1) + c.Item2).GetAwaiter().GetResult();
            response.ShouldBeHandled(404);
            NothingStarted();
        });
    }

    /// <summary>Checked after every case of a property (a case that started something fails at once, named).</summary>
    private void NothingStarted() => Task.Run(_api.ShouldHaveStartedNothingAsync).GetAwaiter().GetResult();

    private ApiResponse Send(string path, byte[] body, bool sign)
    {
        var response = Task.Run(() => _api.SendAsync(HttpMethod.Post, path, body, signWith: sign ? ApiServer.Secret : null)).GetAwaiter().GetResult();

        // Name the request in the failure: FsCheck prints byte arrays as numbers.
        return response with { Body = response.Status >= 500 ? $"{response.Body} <- request: {Encoding.UTF8.GetString(body)}" : response.Body };
    }

    /// <summary>A body sent chunked: no Content-Length for the server to check up front.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _body;

        public UnknownLengthContent(byte[] body)
        {
            _body = body;
            Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
