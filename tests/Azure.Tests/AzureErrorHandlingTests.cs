using System.Globalization;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>Error mapping and the pipeline's retries, over loopback HTTP.</summary>
public sealed class AzureErrorHandlingTests
{
    private const string Site = "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.Web/sites/sitef6141";

    [Fact]
    public async Task SendAsync_ConflictOperationInProgress_ThrowsRetryableConflict()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(
            """{ "error": { "code": "Conflict", "message": "Cannot modify this site because another operation is in progress. Details: Id: 1, OperationName: SwapSiteSlots" } }""", 409));

        AzureConflictException ex = await Should.ThrowAsync<AzureConflictException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).SwapAsync(Site, "staging", "production", CancellationToken.None));

        ex.Status.ShouldBe(409);
        ex.ErrorCode.ShouldBe("Conflict");
        ex.ErrorMessage.ShouldStartWith("Cannot modify this site because another operation is in progress");
        ex.IsRetryable.ShouldBeTrue();
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_OtherConflict_IsNotRetryable()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(
            """{ "error": { "code": "Conflict", "message": "Cannot apply configuration from slot 'Production' because this slot has already been prepared for swap with slot 'staging'." } }""", 409));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).ApplySlotConfigAsync(Site, "staging", "production", CancellationToken.None));

        ex.ShouldNotBeOfType<AzureConflictException>();
        ex.Status.ShouldBe(409);
        ex.IsRetryable.ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_NotFound_CarriesArmCodeAndMessage()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(
            """{ "error": { "code": "ResourceNotFound", "message": "The Resource 'Microsoft.Web/sites/sitef6141' under resource group 'testrg123' was not found." } }""", 404));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, null, CancellationToken.None));

        ex.Status.ShouldBe(404);
        ex.ErrorCode.ShouldBe("ResourceNotFound");
        ex.ErrorMessage.ShouldContain("was not found");
        ex.IsRetryable.ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_ServerErrorWithoutBody_RetriesThenFallsBackToStatusText()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(503));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress, maxRetries: 2)).GetSiteAsync(Site, null, CancellationToken.None));

        ex.Status.ShouldBe(503);
        ex.ErrorCode.ShouldBe("ServiceUnavailable");
        ex.ErrorMessage.ShouldBe("Service Unavailable");
        ex.IsRetryable.ShouldBeTrue();
        server.Requests.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("seconds")]
    [InlineData("http-date")]
    public async Task SendAsync_ThrottledWithRetryAfter_RetriesAndSucceeds(string format)
    {
        int calls = 0;
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return StubResponse.Json(Examples.Body("web/GetWebApp.json"));
            }

            string retryAfter = format == "seconds"
                ? "1"
                : DateTimeOffset.UtcNow.AddSeconds(1).ToString("r", CultureInfo.InvariantCulture);
            return new StubResponse(429, """{ "error": { "code": "TooManyRequests", "message": "Throttled." } }""", new Dictionary<string, string> { ["Retry-After"] = retryAfter });
        });

        SiteState site = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, null, CancellationToken.None);

        site.State.ShouldBe("Running");
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_ThrottledBeyondRetries_ThrowsRetryable429()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(
            429, """{ "error": { "code": "TooManyRequests", "message": "Throttled." } }""", new Dictionary<string, string> { ["Retry-After"] = "0" }));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress, maxRetries: 1)).GetSiteAsync(Site, null, CancellationToken.None));

        ex.Status.ShouldBe(429);
        ex.ErrorCode.ShouldBe("TooManyRequests");
        ex.IsRetryable.ShouldBeTrue();
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ThrowsRetryableTransportError()
    {
        Uri closed;
        await using (LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200)))
        {
            closed = server.BaseAddress;
        }

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.AppService(TestClients.Options(closed, maxRetries: 1)).GetSiteAsync(Site, null, CancellationToken.None));

        ex.Status.ShouldBe(0);
        ex.IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public async Task SendAsync_SuccessWithInvalidBody_ThrowsFormatError()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json("not json"));

        await Should.ThrowAsync<AzureResponseFormatException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, null, CancellationToken.None));
    }
}
