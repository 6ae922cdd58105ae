using Seamless.Azure.Tests.Infrastructure;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>
/// BlobStateStore against the real Azurite emulator (HTTPS, bearer token, real Azure.Core pipeline), one
/// container per test; a loopback responder only for service errors Azurite cannot be made to produce.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class BlobStateStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TryWriteAsync_Absent_CreatesWithETag()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();

        StoredItem? written = await blobs.Store.TryWriteAsync("lease/plan-1", """{"owner":"upgrade"}""", null, CancellationToken.None);

        written.ShouldNotBeNull();
        written.ETag.ShouldNotBeNullOrEmpty();
        StoredItem? read = await blobs.Store.GetAsync("lease/plan-1", CancellationToken.None);
        read.ShouldBe(new StoredItem("lease/plan-1", """{"owner":"upgrade"}""", written.ETag));
        RecordedRequest put = blobs.Requests.First(r => r.Method == "PUT");
        put.Header("If-None-Match").ShouldBe("*");
        put.Header("x-ms-version").ShouldBe(BlobStateStore.ServiceVersion);
        put.Header("x-ms-blob-type").ShouldBe("BlockBlob");
        put.Header("Authorization").ShouldBe("Bearer " + blobs.Credential.Token);
        blobs.Credential.Scopes.ShouldAllBe(scope => scope == AzurePipelineFactory.StorageScope);
        blobs.Credential.Scopes.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task TryWriteAsync_CreateWhenPresent_ReturnsNullAndKeepsValue()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        StoredItem first = (await blobs.Store.TryWriteAsync("k", "1", null, CancellationToken.None))!;

        StoredItem? second = await blobs.Store.TryWriteAsync("k", "2", null, CancellationToken.None);

        second.ShouldBeNull();
        (await blobs.Store.GetAsync("k", CancellationToken.None))!.ShouldBe(first);
    }

    [Fact]
    public async Task TryWriteAsync_MatchingETag_UpdatesAndChangesETag()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        StoredItem first = (await blobs.Store.TryWriteAsync("k", "1", null, CancellationToken.None))!;

        StoredItem? updated = await blobs.Store.TryWriteAsync("k", "2", first.ETag, CancellationToken.None);

        updated.ShouldNotBeNull();
        updated.ETag.ShouldNotBe(first.ETag);
        (await blobs.Store.GetAsync("k", CancellationToken.None)).ShouldBe(new StoredItem("k", "2", updated.ETag));
        blobs.Requests.Last(r => r.Method == "PUT").Header("If-Match").ShouldBe(first.ETag);
    }

    [Fact]
    public async Task TryWriteAsync_StaleETag_ReturnsNullAndKeepsTheWinner()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        StoredItem first = (await blobs.Store.TryWriteAsync("k", "1", null, CancellationToken.None))!;
        StoredItem winner = (await blobs.Store.TryWriteAsync("k", "winner", first.ETag, CancellationToken.None))!;

        StoredItem? loser = await blobs.Store.TryWriteAsync("k", "loser", first.ETag, CancellationToken.None);

        loser.ShouldBeNull();
        (await blobs.Store.GetAsync("k", CancellationToken.None)).ShouldBe(winner);
    }

    [Fact]
    public async Task TryWriteAsync_ConcurrentCreates_ExactlyOneWins()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();

        StoredItem?[] results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => blobs.Store.TryWriteAsync("lease/plan-1", $"owner-{i}", null, CancellationToken.None)));

        StoredItem winner = results.OfType<StoredItem>().ShouldHaveSingleItem();
        (await blobs.Store.GetAsync("lease/plan-1", CancellationToken.None)).ShouldBe(winner);
    }

    [Fact]
    public async Task TryWriteAsync_UpdateOfDeletedItem_ReturnsNull()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        StoredItem first = (await blobs.Store.TryWriteAsync("k", "1", null, CancellationToken.None))!;
        await blobs.Store.DeleteAsync("k", CancellationToken.None);

        StoredItem? updated = await blobs.Store.TryWriteAsync("k", "2", first.ETag, CancellationToken.None);

        updated.ShouldBeNull();
        (await blobs.Store.GetAsync("k", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();

        (await blobs.Store.GetAsync("nope", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteAsync_Twice_IsIdempotent()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync();
        await blobs.Store.TryWriteAsync("veto/plan-1", "{}", null, CancellationToken.None);

        await blobs.Store.DeleteAsync("veto/plan-1", CancellationToken.None);
        await blobs.Store.DeleteAsync("veto/plan-1", CancellationToken.None);

        (await azurite.ExistsAsync($"{blobs.Container}/veto/plan-1")).ShouldBeFalse();
        (await blobs.Store.GetAsync("veto/plan-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PrefixAndLimit_ReturnsTheLastKeysInOrderAcrossPages()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync(listPageSize: 2);
        foreach (string key in new[] { "journal/003", "journal/001", "journal/005", "journal/002", "journal/004", "lease/x" })
        {
            await blobs.Store.TryWriteAsync(key, $"v-{key}", null, CancellationToken.None);
        }

        IReadOnlyList<StoredItem> items = await blobs.Store.ListAsync("journal/", 3, CancellationToken.None);

        items.Select(i => i.Key).ShouldBe(["journal/003", "journal/004", "journal/005"]);
        items.Select(i => i.Value).ShouldBe(["v-journal/003", "v-journal/004", "v-journal/005"]);
        blobs.Requests.Count(r => r.QueryValue("comp") == "list").ShouldBe(3);
    }

    [Fact]
    public async Task ListAsync_MissingContainer_IsEmpty()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync(createContainer: false);

        (await blobs.Store.ListAsync("x", 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TryWriteAsync_MissingContainer_CreatesItAndWrites()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync(createContainer: false);

        StoredItem? written = await blobs.Store.TryWriteAsync("dedupe/alert:1:Fired", "{}", null, CancellationToken.None);

        written.ShouldNotBeNull();
        (await azurite.ExistsAsync($"{blobs.Container}?restype=container")).ShouldBeTrue();
        (await blobs.Store.GetAsync("dedupe/alert:1:Fired", CancellationToken.None)).ShouldBe(written);
        blobs.Requests.ShouldContain(r => r.Method == "PUT" && r.QueryValue("restype") == "container");
    }

    [Fact]
    public async Task GetAsync_TokenForAnotherAudience_ThrowsAuthenticationFailed()
    {
        AzuriteStore blobs = await azurite.CreateStoreAsync(credential: new EmulatorTokenCredential("https://management.azure.com"));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(() => blobs.Store.GetAsync("k", CancellationToken.None));

        ex.Status.ShouldBe(403);
        ex.ErrorCode.ShouldBe("AuthenticationFailed");
    }

    [Fact]
    public async Task GetAsync_ServiceRefuses_ThrowsWithStorageErrorCode()
    {
        // Azurite grants every valid token every permission, so the RBAC refusal comes from a responder.
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
