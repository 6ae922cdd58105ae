using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Resources;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.State;

/// <summary>Retention of alert markers, delivery records and journal entries on the real SQLite store, with a clock the test moves.</summary>
public sealed class StatePurgerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AzureResourceId Plan = AzureResourceId.Parse(DefaultFleet.PlanId);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly ScratchStateStore _scratch = new("purge-tests");

    private IStateStore Store => _scratch.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scratch.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_RecordsOlderThanTheirRetention_RemovedYoungerAndOtherKeysKept()
    {
        string oldAlert = await AlertMarkerAsync("alert-old", Now.AddDays(-8));
        string youngAlert = await AlertMarkerAsync("alert-young", Now.AddDays(-6));
        string oldDelivery = await DeliveryAsync("delivery-old", Now.AddDays(-31));
        string youngDelivery = await DeliveryAsync("delivery-young", Now.AddDays(-29));
        var journal = new DecisionJournal(Store);
        await journal.AppendAsync(Entry(Now.AddDays(-91), "decision"), default);
        await journal.AppendAsync(Entry(Now.AddDays(-89), "decision"), default);
        string lease = StateKeys.PlanLease(Plan, AzureResourceId.Parse(DefaultFleet.SiteId));
        await Store.TryWriteAsync(lease, WorkflowJson.Serialize(new PlanLease(Plan.ToString(), "site", "holder", Now.AddDays(-400)))!, null, default);

        var result = await Purger().PurgeAsync(default);

        result.ShouldBe(new PurgeResult(AlertMarkers: 1, Deliveries: 1, JournalEntries: 1, Undated: 0));
        (await Store.GetAsync(oldAlert, default)).ShouldBeNull();
        (await Store.GetAsync(youngAlert, default)).ShouldNotBeNull();
        (await Store.GetAsync(oldDelivery, default)).ShouldBeNull();
        (await Store.GetAsync(youngDelivery, default)).ShouldNotBeNull();
        (await journal.ListAsync(Plan, 10, default)).Select(e => e.At).ShouldBe([Now.AddDays(-89)]);
        (await Store.GetAsync(lease, default)).ShouldNotBeNull("only the three kinds of record have a retention");
    }

    [Fact]
    public async Task PurgeAsync_ReplayRecordOfABodyOnlySignedDelivery_KeptForGood()
    {
        string replay = StateKeys.Replay("signed:0123abcd");
        await Store.TryWriteAsync(replay, WorkflowJson.Serialize(new DeliveryRecord("upgrade:app:1", DefaultFleet.SiteId, Now.AddDays(-4000)))!, null, default);

        var result = await Purger(new RetentionOptions { Deliveries = TimeSpan.FromDays(1) }).PurgeAsync(default);

        result.Removed.ShouldBe(0);
        (await Store.GetAsync(replay, default)).ShouldNotBeNull("a body-only signature never expires, so neither does its record");
    }

    [Fact]
    public async Task PurgeAsync_ClockMovesPastRetention_RemovesWhatHasAgedSinceTheLastRun()
    {
        string alert = await AlertMarkerAsync("alert-1", Now.AddDays(-6));
        var purger = Purger();
        var first = await purger.PurgeAsync(default);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var second = await purger.PurgeAsync(default);

        first.Removed.ShouldBe(0);
        second.AlertMarkers.ShouldBe(1);
        (await Store.GetAsync(alert, default)).ShouldBeNull();
    }

    [Fact]
    public async Task PurgeAsync_ConfiguredRetention_OverridesDefaults()
    {
        string alert = await AlertMarkerAsync("alert-1", Now.AddHours(-3));
        string delivery = await DeliveryAsync("delivery-1", Now.AddHours(-3));

        var result = await Purger(new RetentionOptions { AlertMarkers = TimeSpan.FromHours(2), Deliveries = TimeSpan.FromHours(4) }).PurgeAsync(default);

        result.AlertMarkers.ShouldBe(1);
        result.Deliveries.ShouldBe(0);
        (await Store.GetAsync(alert, default)).ShouldBeNull();
        (await Store.GetAsync(delivery, default)).ShouldNotBeNull();
    }

    [Fact]
    public async Task PurgeAsync_ManyMoreRecordsThanAPage_RemovesEveryExpiredOneAndKeepsTheRest()
    {
        // One journal entry per hour for 60 days (1440 under one plan prefix) and 1200 alert markers, half of each expired:
        // several pages, so the purge must split prefixes to see them all.
        var retention = new RetentionOptions { Journal = TimeSpan.FromDays(30), AlertMarkers = TimeSpan.FromDays(7) };
        var journal = new DecisionJournal(Store);
        for (int hour = 1; hour <= 60 * 24; hour++)
        {
            await journal.AppendAsync(Entry(Now.AddHours(-hour) + TimeSpan.FromSeconds(1), "decision"), default);
        }

        for (int i = 0; i < 1200; i++)
        {
            await AlertMarkerAsync($"alert-{i}", i % 2 == 0 ? Now.AddDays(-8) : Now.AddDays(-6));
        }

        var result = await Purger(retention).PurgeAsync(default);

        result.JournalEntries.ShouldBe(30 * 24);
        result.AlertMarkers.ShouldBe(600);
        var kept = await Store.ListAsync(StateKeys.JournalRoot, 10_000, default);
        kept.Count.ShouldBe(30 * 24);
        kept.ShouldAllBe(i => StatePurger.CreatedAt(i) >= Now - retention.Journal);
        var markers = await Store.ListAsync(StateKeys.AlertRoot, 10_000, default);
        markers.Count.ShouldBe(600);
        markers.ShouldAllBe(i => StatePurger.CreatedAt(i) >= Now.AddDays(-7));
    }

    [Fact]
    public async Task PurgeAsync_RecordWithoutReadableTime_IsKeptAndCounted()
    {
        string key = StateKeys.Alert("alert-undated", "Fired");
        await Store.TryWriteAsync(key, "{\"action\":\"Ignore\"}", null, default);

        var result = await Purger().PurgeAsync(default);

        result.Undated.ShouldBe(1);
        result.Removed.ShouldBe(0);
        (await Store.GetAsync(key, default)).ShouldNotBeNull();
    }

    public static TheoryData<string, string, string, string?> Times => new()
    {
        { "journal key", StateKeys.JournalKey(Plan, Now, "instance", "decision"), "{}", "2025-06-01T12:00:00+00:00" },
        { "receivedAt", StateKeys.Alert("a", "Fired"), "{\"receivedAt\":\"2025-05-01T10:00:00+00:00\",\"action\":\"Ignore\"}", "2025-05-01T10:00:00+00:00" },
        { "createdAt", StateKeys.Delivery("d"), "{\"instanceId\":\"x\",\"createdAt\":\"2025-05-02T00:00:00Z\"}", "2025-05-02T00:00:00+00:00" },
        { "no time", StateKeys.Delivery("d"), "{\"instanceId\":\"x\"}", null },
        { "not JSON", StateKeys.Alert("a", "Fired"), "2025-05-01T10:00:00Z", null },
        { "time not a string", StateKeys.Alert("a", "Fired"), "{\"at\":5}", null },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void CreatedAt_StoredRecord_ReadsTheTimeItCarries(string name, string key, string value, string? expected)
    {
        var created = StatePurger.CreatedAt(new StoredItem(key, value, "1"));

        created.ShouldBe(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), name);
    }

    [Fact]
    public void KeyAlphabet_KeysOfPurgedRecords_UseOnlyItsCharacters()
    {
        // The purge splits a large prefix by the next key character; a character outside the alphabet would hide keys.
        string[] keys =
        [
            StateKeys.Alert("Some-Alert/ID with spaces", "Fired")[StateKeys.AlertRoot.Length..],
            StateKeys.Delivery("ci-run-42")[StateKeys.DeliveryRoot.Length..],
            StateKeys.JournalKey(Plan, Now.AddTicks(1234567), "scale-in:plan-demo:0123", "veto-lifted")[StateKeys.JournalRoot.Length..],
        ];

        keys.SelectMany(k => k).ShouldAllBe(c => StatePurger.KeyAlphabet.Contains(c));
    }

    [Fact]
    public async Task CreatedAt_RecordsTheWorkflowsWrite_AreAllDated()
    {
        // The real writers (API → alert router, upgrade starter, journal), so a change of their record shapes that loses the time fails here.
        await using var h = await SeamlessHarness.StartAsync();
        string alert = ScaleInHarnessExtensions.MetricAlert("alert-dated-1", "plan-cpu-high", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");
        var (alertStatus, _) = await h.PostJsonAsync("api/alerts", alert);
        var (upgradeStatus, id, body) = await h.StartUpgradeAsync("v2", "dated-delivery-1", strategy: "swap");
        await SeamlessHarness.WaitForAsync(async () => (await h.DecisionsAsync()).Count > 0, "a journal entry");
        var store = h.Server.Services.GetRequiredService<IStateStore>();

        var records = new List<StoredItem>();
        foreach (string root in new[] { StateKeys.AlertRoot, StateKeys.DeliveryRoot, StateKeys.JournalRoot })
        {
            var items = await store.ListAsync(root, 100, default);
            items.ShouldNotBeEmpty(root);
            records.AddRange(items);
        }

        alertStatus.ShouldBe(HttpStatusCode.Accepted);
        upgradeStatus.ShouldBe(HttpStatusCode.Accepted, body);
        id.ShouldNotBeNull();
        foreach (var record in records)
        {
            var created = StatePurger.CreatedAt(record);
            created.ShouldNotBeNull(record.Key + " " + record.Value);
            created.Value.ShouldBeInRange(h.Sim.Now.AddHours(-1), h.Sim.Now.AddMinutes(1), record.Key);
        }
    }

    [Fact]
    public async Task PurgeAsync_NotificationMarkersOlderThanTheDeliveryRetention_RemovedOutboxKept()
    {
        string oldSent = StateKeys.Outbox(StateKeys.OutboxSentRoot, "0123456789abcdef0123456789abcdef", 0);
        string newSent = StateKeys.Outbox(StateKeys.OutboxSentRoot, "fedcba9876543210fedcba9876543210", 0);
        string oldDead = StateKeys.Outbox(StateKeys.OutboxDeadRoot, "0123456789abcdef0123456789abcdef", 1);
        string pending = StateKeys.Outbox(StateKeys.OutboxRoot, "00000000000000000000000000000000", 0);
        await Store.TryWriteAsync(oldSent, WorkflowJson.Serialize(new Seamless.Workflows.Notifications.SentMarker("a", "t", Now.AddDays(-31)))!, null, default);
        await Store.TryWriteAsync(newSent, WorkflowJson.Serialize(new Seamless.Workflows.Notifications.SentMarker("b", "t", Now.AddDays(-1)))!, null, default);
        await Store.TryWriteAsync(oldDead, WorkflowJson.Serialize(new { createdAt = Now.AddDays(-40) })!, null, default);
        await Store.TryWriteAsync(pending, WorkflowJson.Serialize(new { createdAt = Now.AddDays(-40) })!, null, default);

        var result = await Purger().PurgeAsync(default);

        result.Deliveries.ShouldBe(2);
        (await Store.GetAsync(oldSent, default)).ShouldBeNull();
        (await Store.GetAsync(oldDead, default)).ShouldBeNull();
        (await Store.GetAsync(newSent, default)).ShouldNotBeNull();
        (await Store.GetAsync(pending, default)).ShouldNotBeNull("the outbox itself is the sender's, never the purge's");
    }

    private StatePurger Purger(RetentionOptions? retention = null) =>
        new(Store, Options.Create(new SeamlessOptions { Retention = retention ?? new RetentionOptions() }), _clock, NullLogger<StatePurger>.Instance);

    private async Task<string> AlertMarkerAsync(string alertId, DateTimeOffset receivedAt)
    {
        // The shape AlertRouter writes.
        string key = StateKeys.Alert(alertId, "Fired");
        (await Store.TryWriteAsync(key, WorkflowJson.Serialize(new { receivedAt, action = "ScaleOutAndVeto", reason = "test" })!, null, default)).ShouldNotBeNull();
        return key;
    }

    private async Task<string> DeliveryAsync(string deliveryId, DateTimeOffset receivedAt)
    {
        string key = StateKeys.Delivery(deliveryId);
        (await Store.TryWriteAsync(key, WorkflowJson.Serialize(new DeliveryRecord("upgrade:app:1", DefaultFleet.SiteId, receivedAt))!, null, default)).ShouldNotBeNull();
        return key;
    }

    private static JournalEntry Entry(DateTimeOffset at, string kind) => new(Plan.ToString(), at, kind, "test", "scale-in:test", null);
}
