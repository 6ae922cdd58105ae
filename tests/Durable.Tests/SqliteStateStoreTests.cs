namespace Seamless.Durable.Tests;

public sealed class SqliteStateStoreTests
{
    [Fact]
    public async Task TryWriteAsync_ETagRules_OptimisticConcurrency()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(_ => { });
        var store = harness.Engine.StateStore;

        // Act
        var created = await store.TryWriteAsync("lease:p1", "a", null, default);
        var duplicate = await store.TryWriteAsync("lease:p1", "b", null, default);
        var updated = await store.TryWriteAsync("lease:p1", "c", created!.ETag, default);
        var stale = await store.TryWriteAsync("lease:p1", "d", created.ETag, default);
        var read = await store.GetAsync("lease:p1", default);

        // Assert
        duplicate.ShouldBeNull();
        stale.ShouldBeNull();
        long.Parse(updated!.ETag, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(long.Parse(created.ETag, System.Globalization.CultureInfo.InvariantCulture));
        read!.Value.ShouldBe("c");
        read.ETag.ShouldBe(updated.ETag);
    }

    [Fact]
    public async Task DeleteAsync_ThenRecreate_OldETagNeverMatchesAgain()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(_ => { });
        var store = harness.Engine.StateStore;
        var first = await store.TryWriteAsync("k", "1", null, default);

        // Act
        await store.DeleteAsync("k", default);
        await store.DeleteAsync("k", default);
        var recreated = await store.TryWriteAsync("k", "2", null, default);
        var withOld = await store.TryWriteAsync("k", "3", first!.ETag, default);

        // Assert
        recreated!.ETag.ShouldNotBe(first.ETag);
        withOld.ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_MoreThanLimit_ReturnsLastItemsInKeyOrder()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(_ => { });
        var store = harness.Engine.StateStore;
        foreach (string key in new[] { "journal/003", "journal/001", "journal/004", "journal/002", "other/009" })
        {
            await store.TryWriteAsync(key, key, null, default);
        }

        // Act
        var items = await store.ListAsync("journal/", 3, default);

        // Assert
        items.Select(i => i.Key).ShouldBe(["journal/002", "journal/003", "journal/004"]);
    }
}
