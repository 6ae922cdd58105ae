using Microsoft.DurableTask.Client;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>Delivery idempotency and single flight per site, through the API on the real engine and simulator.</summary>
public sealed class UpgradeStarterTests
{
    [Fact]
    public async Task StartAsync_SameDeliveryTwice_StartsOneUpgrade()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var before = h.Sim.Now;

        var first = await h.StartUpgradeAsync("v2", "delivery-1", strategy: "swap");
        var second = await h.StartUpgradeAsync("v2", "delivery-1", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(first.Id!);
        var third = await h.StartUpgradeAsync("v2", "delivery-1", strategy: "swap");

        first.Status.ShouldBe(HttpStatusCode.Accepted, first.Body);
        second.Status.ShouldBe(HttpStatusCode.OK, second.Body);
        second.Id.ShouldBe(first.Id);
        third.Status.ShouldBe(HttpStatusCode.OK, third.Body);
        third.Id.ShouldBe(first.Id);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(view));
        h.Operations("slotsswap", before).Count(o => o.Result == "Succeeded").ShouldBe(1);
        h.Version("production").ShouldBe("v2");
    }

    [Fact]
    public async Task StartAsync_FiftyConcurrentDeliveries_StartsExactlyOne()
    {
        // A site lock whose upgrade has not appeared yet is honoured for five simulated minutes (a crash between
        // lock and start); on virtual time fifty concurrent starts take none of them, however loaded the machine.
        await using var h = await SeamlessHarness.StartAsync();
        var before = h.Sim.Now;

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => h.StartUpgradeAsync("v2", $"concurrent-{i}", strategy: "swap")));
        var accepted = responses.Where(r => r.Status == HttpStatusCode.Accepted).ToList();
        var view = await h.WaitForOutcomeAsync(accepted.Single().Id!);

        accepted.Count.ShouldBe(1);
        var conflicts = responses.Where(r => r.Status == HttpStatusCode.Conflict).ToList();
        conflicts.Count.ShouldBe(49, string.Join(", ", responses.Select(r => (int)r.Status)));
        foreach (var conflict in conflicts)
        {
            using var doc = JsonDocument.Parse(conflict.Body);
            doc.RootElement.GetProperty("status").GetInt32().ShouldBe(409);
            doc.RootElement.GetRawText().ShouldContain(Uri.EscapeDataString(accepted[0].Id!));
        }

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(view));
        h.Operations("slotsswap", before).Count(o => o.Result == "Succeeded").ShouldBe(1);
    }

    [Fact]
    public async Task StartAsync_ConflictResponse_IsProblemJson()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var (_, id, _) = await h.StartUpgradeAsync("v2", "holder", strategy: "canary");

        using var message = new HttpRequestMessage(HttpMethod.Post, "api/upgrades")
        {
            Content = JsonContent(SeamlessHarness.UpgradeBody("v2", "swap")),
        };
        message.Headers.Add("x-functions-key", h.Key);
        message.Headers.Add("Idempotency-Key", "other");
        using var response = await h.Http.SendAsync(message);
        string body = await response.Content.ReadAsStringAsync();
        await h.PostAsync($"api/upgrades/{Uri.EscapeDataString(id!)}/abort", null);
        await h.WaitForOutcomeAsync(id!);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldContain(Uri.EscapeDataString(id!));
    }

    [Fact]
    public async Task StartAsync_SiteNotInAllowList_ForbiddenAndNothingStarted()
    {
        await using var h = await SeamlessHarness.StartAsync();
        int operationsBefore = h.Sim.Operations.Count;
        string foreign = SeamlessHarness.SiteId.Replace("app-demo", "app-unmanaged", StringComparison.Ordinal);

        var (status, id, body) = await h.Client.StartUpgradeAsync(SeamlessHarness.UpgradeBody("v2", site: foreign), "foreign", CancellationToken.None);
        var engine = h.Server.Services.GetRequiredService<DurableTaskClient>();
        var instance = await engine.GetInstanceAsync(InstanceIds.Upgrade(AzureResourceId.Parse(foreign), "foreign"));

        status.ShouldBe(HttpStatusCode.Forbidden, body);
        id.ShouldBeNull();
        body.ShouldContain("allow-list");
        instance.ShouldBeNull();
        h.Sim.Operations.Count.ShouldBe(operationsBefore);
    }

    [Theory]
    [InlineData("default: fail-closed", null, null, GuardWithoutEvidenceAction.SwapBack)]
    [InlineData("configured by the operator", "Promote", null, GuardWithoutEvidenceAction.Promote)]
    [InlineData("request overrides the configuration", "Promote", "SwapBack", GuardWithoutEvidenceAction.SwapBack)]
    [InlineData("request alone", null, "Promote", GuardWithoutEvidenceAction.Promote)]
    public async Task StartAsync_GuardWithoutEvidence_ConfigurationThenRequestReachTheUpgrade(string name, string? configured, string? requested, GuardWithoutEvidenceAction expected)
    {
        var overrides = new Dictionary<string, string?>();
        if (configured is not null)
        {
            overrides["Seamless:Upgrade:GuardWithoutEvidence"] = configured;
        }

        await using var h = await SeamlessHarness.StartAsync(overrides);

        // Held at its approval gate until aborted: the test reads its input, not how it ends.
        var approval = new { required = true, timeout = "02:00:00" };
        object policy = requested is null ? new { approval } : new { guardWithoutEvidence = requested, approval };

        var (status, id, body) = await h.StartUpgradeAsync("v2", "evidence-policy", strategy: "swap", policy: policy);
        var engine = h.Server.Services.GetRequiredService<DurableTaskClient>();
        var instance = await engine.GetInstanceAsync(id!, getInputsAndOutputs: true);
        await h.PostAsync($"api/upgrades/{Uri.EscapeDataString(id!)}/abort", null);
        await h.WaitForOutcomeAsync(id!);

        status.ShouldBe(HttpStatusCode.Accepted, body);
        instance.ShouldNotBeNull().ReadInputAs<UpgradeInput>().ShouldNotBeNull().Policy.GuardWithoutEvidence.ShouldBe(expected, name);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Seamless.Workflows.Orchestration.WorkflowJson.Options), System.Text.Encoding.UTF8, "application/json");
}
