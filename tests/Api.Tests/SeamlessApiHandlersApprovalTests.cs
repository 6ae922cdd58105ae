using Seamless.Core.Upgrade;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Host.Serving;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Tests;

/// <summary>
/// Approve and abort over real HTTP on a server with the in-process simulator and approver keys: an approval is
/// accepted only while the upgrade waits for one, only with an approver key, and the timeline says who approved
/// with which key; abort is refused once the upgrade has finished. Each upgrade starts unsigned with its own
/// delivery id (this server has no webhook secret).
/// </summary>
public sealed class SeamlessApiHandlersApprovalTests : IAsyncLifetime
{
    private const string CiKey = "ci-pipeline-key-0123456789abcdef";
    private const string ApproverKey = "release-approver-key-fedcba98765";

    /// <summary>Approval required, and every wait long enough that only a signal ends it.</summary>
    private static readonly JsonObject WaitForApproval = new()
    {
        ["approval"] = new JsonObject { ["required"] = true, ["timeout"] = "01:00:00" },
        ["guardWindow"] = "00:03:00",
        ["guardInterval"] = "00:01:00",
    };

    private SelfHostedServer _server = null!;

    public async Task InitializeAsync()
    {
        var configuration = SelfHostedServer.KeyOnly(CiKey);
        configuration["Seamless:Api:ApproverKeys:0"] = ApproverKey;
        _server = await SelfHostedServer.StartAsync(configuration);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Approve_WaitingForApproval_OnlyAnApproverKeyApprovesAndTheTimelineNamesIt()
    {
        string id = await StartAsync("approve-in-phase", WaitForApproval);
        ApiResponse noKey, wrongKey, ciKey, approved;
        JsonElement stillWaiting;
        using (await _server.Server.HoldAtPhaseAsync(id, UpgradePhases.Approval))
        {
            noKey = await SendAsync(HttpMethod.Post, Signal(id, "approve"), key: null);
            wrongKey = await SendAsync(HttpMethod.Post, Signal(id, "approve"), key: "not-a-configured-key-000000");
            ciKey = await SendAsync(HttpMethod.Post, Signal(id, "approve"), key: CiKey);
            stillWaiting = await GetAsync(id);
            approved = await SendAsync(HttpMethod.Post, Signal(id, "approve") + "?by=alice", key: ApproverKey);
        }

        var view = await WaitForEndAsync(id);

        noKey.ShouldBeProblem(401);
        wrongKey.ShouldBeProblem(401);
        ciKey.ShouldBeProblem(403).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("ApproverKeys");
        Text(stillWaiting, "phase").ShouldBe(UpgradePhases.Approval, "a refused approval must not reach the upgrade");
        approved.Status.ShouldBe(202, approved.ToString());
        view.GetProperty("outcome").GetString().ShouldBe(nameof(UpgradeOutcome.Promoted), view.ToString());
        Timeline(view).ShouldContain($"approval: Pass — approved by alice with key {Fingerprint(ApproverKey)}");
        Timeline(view).ShouldNotContain(m => m.Contains(Fingerprint(CiKey), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_DuringWarmUp_409AndNotConsumedWhenTheGateOpens()
    {
        // Simulated time is held in WarmingUp until the early approval has been refused, and in Approval until
        // the abort: the test acts inside each phase however long the machine takes.
        _server.Simulator!.State.Deploy(DefaultFleet.SiteName, "staging", new BuildSpec { Version = "v2" });
        string id = await StartAsync("approve-too-early", WaitForApproval);
        ApiResponse early, aborted;
        JsonElement waiting;
        using (await _server.Server.HoldAtPhaseAsync(id, UpgradePhases.WarmingUp))
        {
            early = await SendAsync(HttpMethod.Post, Signal(id, "approve") + "?by=alice", key: ApproverKey);
        }

        using (await _server.Server.HoldAtPhaseAsync(id, UpgradePhases.Approval))
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // time for a buffered approval to be consumed, were it kept
            waiting = await GetAsync(id);
            aborted = await SendAsync(HttpMethod.Post, Signal(id, "abort") + "?reason=checking&by=bob", key: ApproverKey);
        }

        var view = await WaitForEndAsync(id);
        var abortAfterEnd = await SendAsync(HttpMethod.Post, Signal(id, "abort"), key: CiKey);
        var approveAfterEnd = await SendAsync(HttpMethod.Post, Signal(id, "approve"), key: ApproverKey);

        early.ShouldBeProblem(409).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain($"phase {UpgradePhases.WarmingUp}");
        Text(waiting, "phase").ShouldBe(UpgradePhases.Approval, "the early approval must not have been buffered and consumed");
        aborted.Status.ShouldBe(202, aborted.ToString());
        view.GetProperty("outcome").GetString().ShouldBe(nameof(UpgradeOutcome.Aborted), view.ToString());
        view.GetProperty("reason").GetString().ShouldBe($"aborted by api (bob with key {Fingerprint(ApproverKey)}): checking");
        Verdicts(view).ShouldNotContain(v => v.Gate == VerdictGate.Approval.ToString());
        abortAfterEnd.ShouldBeProblem(409);
        approveAfterEnd.ShouldBeProblem(409);
    }

    [Fact]
    public async Task ApproverKey_ReadsButCannotStartAnUpgrade()
    {
        var start = await SendAsync(HttpMethod.Post, "/api/upgrades", ApproverKey, Payloads.Upgrade().ToJsonString());
        var read = await SendAsync(HttpMethod.Get, "/api/scale-in/decisions", ApproverKey);

        start.ShouldBeProblem(401);
        read.Status.ShouldBe(200, read.ToString());
    }

    [Theory]
    [InlineData("approver keys configured: an API key is refused", true, CiKey, StatusCodes.Status403Forbidden)]
    [InlineData("approver keys configured: an approver key approves", true, ApproverKey, null)]
    [InlineData("approver keys configured: no key", true, null, StatusCodes.Status401Unauthorized)]
    [InlineData("none configured: any API key approves (the documented risk)", false, CiKey, null)]
    [InlineData("none configured: an unknown key is refused", false, ApproverKey, StatusCodes.Status401Unauthorized)]
    public void CheckApprover_Key_AllowedOnlyWhereConfigured(string name, bool approverKeys, string? presented, int? status)
    {
        var authenticator = new ApiKeyAuthenticator(Options.Create(new SeamlessOptions
        {
            Api = new ApiOptions { Keys = [CiKey], ApproverKeys = approverKeys ? [ApproverKey] : [] },
        }));
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        if (presented is not null)
        {
            context.Request.Headers[ApiKeyAuthenticator.KeyHeader] = presented;
        }

        var result = authenticator.CheckApprover(context);

        if (status is null)
        {
            result.ShouldBeNull(name);
        }
        else
        {
            result.ShouldBeOfType<ProblemHttpResult>(name).StatusCode.ShouldBe(status.Value, name);
        }
    }

    [Theory]
    [InlineData("an approver key that is also an API key", CiKey, "must not repeat a key of Seamless:Api:Keys")]
    [InlineData("a short approver key", "short-key", "ApproverKeys entries must be at least 16 characters")]
    [InlineData("a blank approver key", "                    ", "ApproverKeys entries must be at least 16 characters")]
    public void Validate_BadApproverKey_Refused(string name, string approverKey, string message)
    {
        var options = new SeamlessOptions { Api = new ApiOptions { Keys = [CiKey], ApproverKeys = [approverKey] } };

        var errors = options.Validate();

        errors.ShouldContain(e => e.Contains(message, StringComparison.Ordinal), name);
    }

    [Fact]
    public void Validate_DistinctApproverKey_Accepted()
    {
        var options = new SeamlessOptions { Api = new ApiOptions { Keys = [CiKey], ApproverKeys = [ApproverKey] } };

        options.Validate().ShouldNotContain(e => e.Contains("ApproverKeys", StringComparison.Ordinal));
    }

    [Fact]
    public void Fingerprint_Key_FirstEightHexOfItsSha256()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ApiKeyAuthenticator.KeyHeader] = ApproverKey;

        string? fingerprint = ApiKeyAuthenticator.Fingerprint(context);

        fingerprint.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApproverKey)))[..8]);
        fingerprint.ShouldNotBe(Fingerprint(CiKey));
    }

    /// <summary>A string property of a view; null when absent (the API leaves out what is not known yet).</summary>
    private static string? Text(JsonElement view, string name) =>
        view.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Signal(string id, string action) => $"/api/upgrades/{Uri.EscapeDataString(id)}/{action}";

    private static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    private static List<string> Timeline(JsonElement view) =>
        [.. view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];

    private static List<(string Gate, string Outcome)> Verdicts(JsonElement view) =>
        [.. view.GetProperty("verdicts").EnumerateArray().Select(v => (v.GetProperty("gate").GetString()!, v.GetProperty("outcome").GetString()!))];

    private async Task<string> StartAsync(string delivery, JsonObject policy)
    {
        var body = Payloads.Upgrade();
        body["policy"] = policy.DeepClone();
        var response = await SendAsync(HttpMethod.Post, "/api/upgrades", CiKey, body.ToJsonString(), new Dictionary<string, string> { ["Idempotency-Key"] = delivery });
        response.Status.ShouldBe(202, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string id)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/upgrades/" + Uri.EscapeDataString(id), CiKey);
        response.Status.ShouldBe(200, response.ToString());
        return response.Json;
    }

    private async Task<JsonElement> WaitForEndAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var view = await GetAsync(id);
            if (Text(view, "status") is "Completed" or "Failed" or "Terminated")
            {
                return view;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    private Task<ApiResponse> SendAsync(HttpMethod method, string path, string? key, string? json = null, IReadOnlyDictionary<string, string>? headers = null) =>
        ApiServer.SendAsync(_server.Http, method, path, json is null ? null : Encoding.UTF8.GetBytes(json), "application/json", key, headers: headers);
}
