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

    [Fact]
    public async Task ListAsync_KeysBesideThePrefixRange_OnlyKeysStartingWithPrefix()
    {
        // Arrange: '0' sorts right after '/', and keys may hold non-ASCII characters after an ASCII prefix.
        await using var harness = await EngineHarness.StartAsync(_ => { });
        var store = harness.Engine.StateStore;
        string[] keys = ["journal", "journal/", "journal/a", "journal/\u00e9t\u00e9", "journal/\u007f", "journal0", "journal0/a", "journak/z", "j\u00e9/1", "j\u00e9/2", "j\u00e90"];
        foreach (string key in keys)
        {
            await store.TryWriteAsync(key, key, null, default);
        }

        // Act
        var ascii = await store.ListAsync("journal/", 100, default);
        var nonAscii = await store.ListAsync("j\u00e9/", 100, default);
        var all = await store.ListAsync(string.Empty, 100, default);

        // Assert
        ascii.Select(i => i.Key).ShouldBe(["journal/", "journal/a", "journal/\u007f", "journal/\u00e9t\u00e9"]);
        nonAscii.Select(i => i.Key).ShouldBe(["j\u00e9/1", "j\u00e9/2"]);
        all.Count.ShouldBe(keys.Length);
    }

    [Theory]
    [InlineData("journal/", "journal0")]
    [InlineData("a", "b")]
    [InlineData("x~", "x\u007f")]
    [InlineData("x\u007f", null)]
    [InlineData("\u00e9", null)]
    [InlineData("", null)]
    public void UpperBound_Prefix_IsTheNextStringInByteOrderOrNull(string prefix, string? expected)
    {
        // Act
        string? upper = SqliteStateStore.UpperBound(prefix);

        // Assert
        upper.ShouldBe(expected);
    }
}
