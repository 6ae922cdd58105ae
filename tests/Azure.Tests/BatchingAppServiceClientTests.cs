using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

public sealed class BatchingAppServiceClientTests
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetPlanAsync_LonePlan_ReadsOnItsOwn()
    {
        var arm = new ScriptedArm(Plans("rg", 1));
        var client = Client(arm, out _);

        PlanState plan = await client.GetPlanAsync(Plan("rg", 0), CancellationToken.None);

        plan.Capacity.ShouldBe(2);
        arm.Reads.ShouldBe([Plan("rg", 0)]);
        arm.PlanListings.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetPlanAsync_SweepsOfPlansInOneGroup_OneListingAnswersEachPlan()
    {
        var arm = new ScriptedArm(Plans("rg", 6));
        var client = Client(arm, out FakeTimeProvider clock);
        // The first sweep: the first plan has no peers yet and is read on its own; the second lists the group for the rest.
        await SweepAsync(client, "rg", 6);
        arm.Reads.ShouldBe([Plan("rg", 0)]);
        arm.PlanListings.ShouldBe(["rg"]);

        clock.Advance(TimeSpan.FromMinutes(1));
        arm.Capacity[Plan("rg", 4)] = 7;
        List<PlanState> second = await SweepAsync(client, "rg", 6);

        arm.Reads.Count.ShouldBe(1);
        arm.PlanListings.ShouldBe(["rg", "rg"]);
        second.Select(p => p.Capacity).ShouldBe([2, 2, 2, 2, 7, 2]);
        second.Select(p => p.Id).ShouldBe(Enumerable.Range(0, 6).Select(i => Plan("rg", i)));
    }

    [Fact]
    public async Task GetPlanAsync_SamePlanReadAgainWithinTheLifetime_IsReadOnItsOwn()
    {
        var arm = new ScriptedArm(Plans("rg", 3));
        var client = Client(arm, out _);
        await SweepAsync(client, "rg", 3);
        arm.Capacity[Plan("rg", 1)] = 5;

        PlanState again = await client.GetPlanAsync(Plan("rg", 1), CancellationToken.None);

        again.Capacity.ShouldBe(5);
        arm.Reads.ShouldBe([Plan("rg", 0), Plan("rg", 1)]);
    }

    [Fact]
    public async Task GetPlanAsync_PlanChangedThroughTheClientAfterTheListingBegan_IsNotAnsweredFromIt()
    {
        var arm = new ScriptedArm(Plans("rg", 4));
        var client = Client(arm, out _);
        await client.GetPlanAsync(Plan("rg", 0), CancellationToken.None);
        await client.GetPlanAsync(Plan("rg", 1), CancellationToken.None);
        arm.PlanListings.Count.ShouldBe(1);

        // Plan 2 has not read from the listing yet, but it scaled after the listing was taken (named with other casing).
        await client.SetPlanCapacityAsync(Plan("rg", 2).ToUpperInvariant(), 6, 2, CancellationToken.None);
        PlanState read = await client.GetPlanAsync(Plan("rg", 2), CancellationToken.None);

        read.Capacity.ShouldBe(6);
        arm.Reads.ShouldBe([Plan("rg", 0), Plan("rg", 2)]);
        // The listing still answers the plans that did not change.
        (await client.GetPlanAsync(Plan("rg", 3), CancellationToken.None)).Capacity.ShouldBe(2);
        arm.PlanListings.Count.ShouldBe(1);
        arm.Reads.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetPlanAsync_PlanLeftOutOfTheListing_IsReadOnItsOwnWithItsOwnError()
    {
        var arm = new ScriptedArm(Plans("rg", 3));
        arm.Unlisted.Add(Plan("rg", 2));
        arm.Missing.Add(Plan("rg", 2));
        var client = Client(arm, out _);
        await client.GetPlanAsync(Plan("rg", 0), CancellationToken.None);
        await client.GetPlanAsync(Plan("rg", 1), CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => client.GetPlanAsync(Plan("rg", 2), CancellationToken.None));

        error.Message.ShouldContain("plan-2");
        arm.Reads.ShouldBe([Plan("rg", 0), Plan("rg", 2)]);
    }

    [Fact]
    public async Task GetPlanAsync_ListingFails_EachReadsOnItsOwnAndTheGroupIsNotListedAgainForTheHorizon()
    {
        var arm = new ScriptedArm(Plans("rg", 4)) { FailListings = true };
        var client = Client(arm, out FakeTimeProvider clock);

        List<PlanState> sweep = await SweepAsync(client, "rg", 4);
        clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync(client, "rg", 4);

        sweep.Select(p => p.Capacity).ShouldBe([2, 2, 2, 2]);
        arm.PlanListings.Count.ShouldBe(1);
        arm.Reads.Count.ShouldBe(8);

        // Past the horizon the group is listed again, and the listing answers the whole sweep.
        arm.FailListings = false;
        clock.Advance(BatchingAppServiceClient.PeerHorizon);
        await SweepAsync(client, "rg", 4);
        arm.PlanListings.Count.ShouldBe(2);
        arm.Reads.Count.ShouldBe(8);
    }

    [Fact]
    public async Task GetPlanAsync_PlansOfAnotherGroup_AreNeverAnsweredFromThisOne()
    {
        var arm = new ScriptedArm([.. Plans("rg-a", 3), .. Plans("rg-b", 3)]);
        var client = Client(arm, out _);

        await SweepAsync(client, "rg-a", 3);
        List<PlanState> b = await SweepAsync(client, "rg-b", 3);

        arm.PlanListings.ShouldBe(["rg-a", "rg-b"]);
        b.Select(p => p.Id).ShouldBe(Enumerable.Range(0, 3).Select(i => Plan("rg-b", i)));
    }

    [Fact]
    public async Task GetPlanAsync_AfterTheLifetime_ListsAgain()
    {
        var arm = new ScriptedArm(Plans("rg", 3));
        var client = Client(arm, out FakeTimeProvider clock);
        await SweepAsync(client, "rg", 3);
        clock.Advance(BatchingAppServiceClient.ResultLifetime + TimeSpan.FromSeconds(1));
        arm.Capacity[Plan("rg", 2)] = 4;

        // Plan 2's first read since the listing, but the listing is too old to answer it.
        (await client.GetPlanAsync(Plan("rg", 2), CancellationToken.None)).Capacity.ShouldBe(4);
        arm.PlanListings.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetPlanAsync_ConcurrentReads_ShareOneListing_AndACancelledCallerLeavesTheOthersTheirAnswer()
    {
        var arm = new ScriptedArm(Plans("rg", 5));
        var client = Client(arm, out _);
        await client.GetPlanAsync(Plan("rg", 0), CancellationToken.None);
        arm.HoldListings = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        Task<PlanState> cancelled = client.GetPlanAsync(Plan("rg", 1), cancel.Token);
        Task<PlanState>[] others = [.. Enumerable.Range(2, 3).Select(i => client.GetPlanAsync(Plan("rg", i), CancellationToken.None))];
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        arm.HoldListings.SetResult();
        PlanState[] answers = await Task.WhenAll(others);

        answers.Select(p => p.Id).ShouldBe(Enumerable.Range(2, 3).Select(i => Plan("rg", i)));
        arm.PlanListings.Count.ShouldBe(1);
        arm.Reads.ShouldBe([Plan("rg", 0)]);
    }

    [Fact]
    public async Task ListPlanSitesAsync_ListingFindsAsManyAsThePlanCounts_AnswersFromIt()
    {
        var arm = new ScriptedArm(Plans("rg", 3));
        var client = Client(arm, out _);
        await SweepAsync(client, "rg", 3);

        List<IReadOnlyList<SiteState>> sites = [];
        foreach (int i in Enumerable.Range(0, 3))
        {
            sites.Add(await client.ListPlanSitesAsync(Plan("rg", i), CancellationToken.None));
        }

        sites.Select(s => s.Single().Id).ShouldBe(Enumerable.Range(0, 3).Select(i => Site("rg", i)));
        arm.SiteListings.ShouldBe(["rg"]);
        // The first plan had no peers yet.
        arm.PlanSiteReads.ShouldBe([Plan("rg", 0)]);
    }

    [Fact]
    public async Task ListPlanSitesAsync_PlanCountsAnAppTheListingDoesNotHold_IsReadOnItsOwn()
    {
        // Plan 1 also serves an app of another resource group: its own listing has it, the group's does not.
        var arm = new ScriptedArm(Plans("rg", 3));
        arm.SitesElsewhere[Plan("rg", 1)] = 1;
        var client = Client(arm, out _);
        await SweepAsync(client, "rg", 3);

        await client.ListPlanSitesAsync(Plan("rg", 0), CancellationToken.None);
        IReadOnlyList<SiteState> one = await client.ListPlanSitesAsync(Plan("rg", 1), CancellationToken.None);
        IReadOnlyList<SiteState> two = await client.ListPlanSitesAsync(Plan("rg", 2), CancellationToken.None);

        one.Count.ShouldBe(2);
        two.Single().Id.ShouldBe(Site("rg", 2));
        arm.PlanSiteReads.ShouldBe([Plan("rg", 0), Plan("rg", 1)]);
        arm.SiteListings.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ListPlanSitesAsync_PlanNeverRead_IsReadOnItsOwn()
    {
        var arm = new ScriptedArm(Plans("rg", 3));
        var client = Client(arm, out _);

        foreach (int i in Enumerable.Range(0, 3))
        {
            await client.ListPlanSitesAsync(Plan("rg", i), CancellationToken.None);
        }

        arm.PlanSiteReads.Count.ShouldBe(3);
        arm.SiteListings.ShouldBeEmpty();
    }

    private static async Task<List<PlanState>> SweepAsync(BatchingAppServiceClient client, string group, int count)
    {
        var plans = new List<PlanState>();
        foreach (int i in Enumerable.Range(0, count))
        {
            plans.Add(await client.GetPlanAsync(Plan(group, i), CancellationToken.None));
        }

        return plans;
    }

    private static BatchingAppServiceClient Client(ScriptedArm arm, out FakeTimeProvider clock)
    {
        clock = new FakeTimeProvider(Start);
        return new BatchingAppServiceClient(arm, arm, clock, NullLogger<BatchingAppServiceClient>.Instance);
    }

    private static IEnumerable<string> Plans(string group, int count) => Enumerable.Range(0, count).Select(i => Plan(group, i));

    private static string Plan(string group, int i) => $"/subscriptions/{Sub}/resourceGroups/{group}/providers/Microsoft.Web/serverfarms/plan-{i}";

    private static string Site(string group, int i) => $"/subscriptions/{Sub}/resourceGroups/{group}/providers/Microsoft.Web/sites/app-{i}";

    /// <summary>ARM in memory: plans of two instances, one app each in the plan's group; records every read and listing.</summary>
    private sealed class ScriptedArm(IEnumerable<string> plans) : IAppServiceClient, IResourceGroupLister
    {
        private readonly Lock _gate = new();

        public Dictionary<string, int> Capacity { get; } = plans.ToDictionary(p => p, _ => 2, StringComparer.OrdinalIgnoreCase);

        /// <summary>Plans a group listing leaves out (listed without the properties a read gives).</summary>
        public HashSet<string> Unlisted { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Plans a read of their own does not find.</summary>
        public HashSet<string> Missing { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Apps of a plan that live in another resource group.</summary>
        public Dictionary<string, int> SitesElsewhere { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Reads { get; } = [];

        public List<string> PlanSiteReads { get; } = [];

        public List<string> PlanListings { get; } = [];

        public List<string> SiteListings { get; } = [];

        public bool FailListings { get; set; }

        public TaskCompletionSource? HoldListings { get; set; }

        public Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Reads.Add(planId);
            }

            return Missing.Contains(planId) ? throw new InvalidOperationException($"{planId} not found") : Task.FromResult(State(planId));
        }

        public Task<IReadOnlyList<SiteState>> ListPlanSitesAsync(string planId, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                PlanSiteReads.Add(planId);
            }

            var elsewhere = Enumerable.Range(0, SitesElsewhere.GetValueOrDefault(planId))
                .Select(i => SiteOf(planId, $"/subscriptions/{Sub}/resourceGroups/other/providers/Microsoft.Web/sites/far-{i}"));
            return Task.FromResult<IReadOnlyList<SiteState>>([SiteOf(planId, SiteIdOf(planId)), .. elsewhere]);
        }

        public Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, int? expectedCapacity, CancellationToken cancellationToken)
        {
            planId = Capacity.Keys.Single(p => string.Equals(p, planId, StringComparison.OrdinalIgnoreCase));
            Capacity[planId] = capacity;
            return Task.FromResult(State(planId));
        }

        public async Task<IReadOnlyList<PlanState>> ListGroupPlansAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                PlanListings.Add(resourceGroup);
            }

            await Held();
            return [.. InGroup(resourceGroup).Where(p => !Unlisted.Contains(p)).Select(State)];
        }

        public async Task<IReadOnlyList<SiteState>> ListGroupSitesAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                SiteListings.Add(resourceGroup);
            }

            await Held();
            return [.. InGroup(resourceGroup).Select(p => SiteOf(p, SiteIdOf(p)))];
        }

        public Task<SiteState> GetSiteAsync(string siteId, string? slot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SiteState>> ListSlotsAsync(string siteId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(string siteId, string? slot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetAppSettingNamesAsync(string siteId, string? slot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> GetAppSettingValueAsync(string siteId, string? slot, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> GetContainerImageAsync(string siteId, string? slot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<RoutingRule>> GetRoutingAsync(string siteId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken) => throw new NotSupportedException();

        private async Task Held()
        {
            if (HoldListings is { } hold)
            {
                await hold.Task;
            }

            if (FailListings)
            {
                throw new InvalidOperationException("listing refused");
            }
        }

        private IEnumerable<string> InGroup(string group) =>
            Capacity.Keys.Where(p => p.Contains($"/resourceGroups/{group}/", StringComparison.OrdinalIgnoreCase));

        private PlanState State(string planId) =>
            new(planId, "West Europe", "P1v3", "PremiumV3", Capacity[planId], false, 30, "Succeeded") { NumberOfSites = 1 + SitesElsewhere.GetValueOrDefault(planId) };

        private static string SiteIdOf(string planId) => planId.Replace("serverfarms/plan-", "sites/app-", StringComparison.Ordinal);

        private static SiteState SiteOf(string planId, string siteId) =>
            new(siteId, "production", "Running", null, null, planId, "app.azurewebsites.net", ["app.azurewebsites.net"], "West Europe");
    }
}
