using System.Text;
using Microsoft.AspNetCore.Http;
using Seamless.Api.Handlers;
using Seamless.Api.Requests;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests.Requests;

public sealed class UpgradeDeliveryRequestTests
{
    private const int Limit = 1024;

    [Fact]
    public async Task FromRequestAsync_SignedDelivery_RawBytesAndHeaders()
    {
        const string body = "{ \"site\" : \"x\" }";
        var request = TestRequests.WithBody("application/json", body);
        request.Headers[WebhookSignature.TimestampedHeader] = "t=1,v1=ab";
        request.Headers[WebhookSignature.Header] = "sha256=cd";
        request.Headers[UpgradeDeliveryHandler.IdempotencyKeyHeader] = "key-1";
        request.Headers[UpgradeDeliveryHandler.GitHubDeliveryHeader] = "gh-1";

        var delivery = await UpgradeDeliveryRequest.FromRequestAsync(request, Limit, CancellationToken.None);

        Encoding.UTF8.GetString(delivery.Body.Bytes!).ShouldBe(body);
        delivery.Body.Problem.ShouldBeNull();
        delivery.TimestampedSignature.ShouldBe("t=1,v1=ab");
        delivery.Signature.ShouldBe("sha256=cd");
        delivery.DeliveryId.ShouldBe("key-1");
    }

    [Fact]
    public async Task FromRequestAsync_OnlyGitHubDeliveryHeader_ItIsTheDeliveryId()
    {
        var request = TestRequests.WithBody("application/json", "{}");
        request.Headers[UpgradeDeliveryHandler.GitHubDeliveryHeader] = "gh-1";

        var delivery = await UpgradeDeliveryRequest.FromRequestAsync(request, Limit, CancellationToken.None);

        delivery.DeliveryId.ShouldBe("gh-1");
        delivery.Signature.ShouldBeNull();
    }

    [Fact]
    public async Task FromRequestAsync_NotJson_CarriesThe415()
    {
        var request = TestRequests.WithBody("text/plain", "{}");

        var delivery = await UpgradeDeliveryRequest.FromRequestAsync(request, Limit, CancellationToken.None);

        delivery.Body.Bytes.ShouldBeNull();
        delivery.Body.Problem!.StatusCode.ShouldBe(StatusCodes.Status415UnsupportedMediaType);
    }

    [Theory]
    [InlineData("no length, no type", null, null, false)]
    [InlineData("empty with a type", "application/json", "", true)]
    [InlineData("a body", "application/json", "{}", true)]
    public async Task ReadIfPresentAsync_Request_ReadsOnlyWhenABodyIsSent(string name, string? contentType, string? body, bool present)
    {
        var request = TestRequests.WithBody(contentType, body ?? string.Empty);
        if (body is null)
        {
            request.ContentLength = null;
        }

        var read = await JsonRequestBody.ReadIfPresentAsync(request, Limit, CancellationToken.None);

        (read is not null).ShouldBe(present, name);
    }
}
