using Seamless.Azure.Tests.Infrastructure;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>BlobStateStore against a loopback fake of the Blob REST API (real HTTP, real pipeline).</summary>
public sealed class BlobStateStoreTests
{
    private const string Container = "seamless-state";

    [Fact]
    public async Task TryWriteAsync_Absent_CreatesWithETag()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));

        StoredItem? written = await store.TryWriteAsync("lease/plan-1", """{"owner":"upgrade"}""", null, CancellationToken.None);

        written.ShouldNotBeNull();
        written.ETag.ShouldNotBeNullOrEmpty();
        StoredItem? read = await store.GetAsync("lease/plan-1", CancellationToken.None);
        read.ShouldBe(new StoredItem("lease/plan-1", """{"owner":"upgrade"}""", written.ETag));
        RecordedRequest put = fake.Requests.First(r => r.Method == "PUT");
        put.Header("If-None-Match").ShouldBe("*");
        put.Header("x-ms-version").ShouldBe(BlobStateStore.ServiceVersion);
        put.Header("x-ms-blob-type").ShouldBe("BlockBlob");
        put.Header("Authorization").ShouldBe("Bearer test-token");
    }

    [Fact]
    public async Task TryWriteAsync_CreateWhenPresent_ReturnsNullAndKeepsValue()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        StoredItem first = (await store.TryWriteAsync("k", "1", null, CancellationToken.None))!;

        StoredItem? second = await store.TryWriteAsync("k", "2", null, CancellationToken.None);

        second.ShouldBeNull();
        (await store.GetAsync("k", CancellationToken.None))!.ShouldBe(first);
    }

    [Fact]
    public async Task TryWriteAsync_MatchingETag_UpdatesAndChangesETag()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        StoredItem first = (await store.TryWriteAsync("k", "1", null, CancellationToken.None))!;

        StoredItem? updated = await store.TryWriteAsync("k", "2", first.ETag, CancellationToken.None);

        updated.ShouldNotBeNull();
        updated.ETag.ShouldNotBe(first.ETag);
        (await store.GetAsync("k", CancellationToken.None))!.Value.ShouldBe("2");
        fake.Requests.Last(r => r.Method == "PUT").Header("If-Match").ShouldBe(first.ETag);
    }

    [Fact]
    public async Task TryWriteAsync_StaleETag_ReturnsNullAndKeepsTheWinner()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        StoredItem first = (await store.TryWriteAsync("k", "1", null, CancellationToken.None))!;
        StoredItem winner = (await store.TryWriteAsync("k", "winner", first.ETag, CancellationToken.None))!;

        StoredItem? loser = await store.TryWriteAsync("k", "loser", first.ETag, CancellationToken.None);

        loser.ShouldBeNull();
        (await store.GetAsync("k", CancellationToken.None)).ShouldBe(winner);
    }

    [Fact]
    public async Task TryWriteAsync_UpdateOfDeletedItem_ReturnsNull()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        StoredItem first = (await store.TryWriteAsync("k", "1", null, CancellationToken.None))!;
        await store.DeleteAsync("k", CancellationToken.None);

        (await store.TryWriteAsync("k", "2", first.ETag, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);

        (await TestClients.Blobs(TestClients.Options(fake.BaseAddress)).GetAsync("nope", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteAsync_Twice_IsIdempotent()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        await store.TryWriteAsync("veto/plan-1", "{}", null, CancellationToken.None);

        await store.DeleteAsync("veto/plan-1", CancellationToken.None);
        await store.DeleteAsync("veto/plan-1", CancellationToken.None);

        fake.HasBlob(Container, "veto/plan-1").ShouldBeFalse();
        (await store.GetAsync("veto/plan-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PrefixAndLimit_ReturnsTheLastKeysInOrderAcrossPages()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync(Container);
        fake.PageSize = 2;
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));
        foreach (string key in new[] { "journal/003", "journal/001", "journal/005", "journal/002", "journal/004", "lease/x" })
        {
            await store.TryWriteAsync(key, $"v-{key}", null, CancellationToken.None);
        }

        IReadOnlyList<StoredItem> items = await store.ListAsync("journal/", 3, CancellationToken.None);

        items.Select(i => i.Key).ShouldBe(["journal/003", "journal/004", "journal/005"]);
        items.Select(i => i.Value).ShouldBe(["v-journal/003", "v-journal/004", "v-journal/005"]);
        fake.Requests.Count(r => r.QueryValue("comp") == "list").ShouldBe(3);
    }

    [Fact]
    public async Task ListAsync_MissingContainer_IsEmpty()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync();

        (await TestClients.Blobs(TestClients.Options(fake.BaseAddress)).ListAsync("x", 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TryWriteAsync_MissingContainer_CreatesItAndWrites()
    {
        await using FakeBlobServer fake = await FakeBlobServer.StartAsync();
        BlobStateStore store = TestClients.Blobs(TestClients.Options(fake.BaseAddress));

        StoredItem? written = await store.TryWriteAsync("dedupe/alert:1:Fired", "{}", null, CancellationToken.None);

        written.ShouldNotBeNull();
        fake.HasBlob(Container, "dedupe/alert:1:Fired").ShouldBeTrue();
        fake.Requests.ShouldContain(r => r.Method == "PUT" && r.QueryValue("restype") == "container");
    }

    [Fact]
    public async Task GetAsync_ServiceRefuses_ThrowsWithStorageErrorCode()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(
            403,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.\nRequestId:1</Message></Error>",
            new Dictionary<string, string> { ["x-ms-error-code"] = "AuthorizationPermissionMismatch" }));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.Blobs(TestClients.Options(server.BaseAddress)).GetAsync("k", CancellationToken.None));

        ex.Status.ShouldBe(403);
        ex.ErrorCode.ShouldBe("AuthorizationPermissionMismatch");
        ex.ErrorMessage.ShouldBe("This request is not authorized to perform this operation using this permission.");
    }
}
