using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Resources;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Azure.Tests;

/// <summary>The plans' demand ledgers in the blob state store (the Functions app's store) against the real Azurite emulator.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class DemandLedgerBlobTests(AzuriteFixture azurite)
{
    private static readonly AzureResourceId Plan = AzureResourceId.Parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-a");
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SaveAsync_EightInstancesEachSettledAnotherHourOfADayAtOnce_TheBlobHoldsAllEightAsRecorded()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        var ledgers = Enumerable.Range(0, 8).Select(h => Ledger(Midnight.AddHours(h))).ToList();

        // Each instance has its own store object, as each Functions instance has; their writes contend on the blob's ETag.
        await Task.WhenAll(ledgers.Select(ledger =>
            new DemandLedgerStore(blobs.Store, NullLogger<DemandLedgerStore>.Instance).SaveAsync(Plan, ledger, [DateOnly.FromDateTime(Midnight.UtcDateTime)], CancellationToken.None)));
        var restored = new DemandLedger();
        var taken = await new DemandLedgerStore(blobs.Store, NullLogger<DemandLedgerStore>.Instance).LoadAsync(Plan, restored, Midnight, Midnight.AddDays(1), CancellationToken.None);

        taken.ShouldBe(8);
        for (var h = 0; h < 8; h++)
        {
            restored.History(Midnight.AddHours(h), Midnight.AddHours(h + 1)).Busy.ShouldBe(ledgers[h].History(Midnight.AddHours(h), Midnight.AddHours(h + 1)).Busy);
        }
    }

    /// <summary>A ledger holding one settled hour whose busy instances are 1.5 + the hour + a minute's hundredth.</summary>
    private static DemandLedger Ledger(DateTimeOffset hour)
    {
        var minutes = Enumerable.Range(0, 60).Select(m => hour.AddMinutes(m)).ToList();
        var cpu = minutes.Select(t => (double?)(150 + (100 * hour.Hour) + (t.Minute / 1.0))).ToList();
        var ledger = new DemandLedger();
        ledger.Record(
            new PlanMetrics(minutes.Select(t => new PlanMinute(t, 50, 50, 0)).ToList(), [new InstanceCpuSeries("instance-0", cpu)]),
            hour,
            hour.AddHours(1),
            readAt: hour.AddHours(2));
        return ledger;
    }
}
