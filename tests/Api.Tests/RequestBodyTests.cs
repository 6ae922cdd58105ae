using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

public sealed class RequestBodyTests
{
    private const int Limit = 1024;

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/problem+json")]
    [InlineData("application/vnd.github+json")]
    public async Task ReadJsonAsync_JsonContentType_ReturnsTheBytes(string contentType)
    {
        var request = TestRequests.WithBody(contentType, "{\"a\":1}");

        var (body, problem) = await RequestBody.ReadJsonAsync(request, Limit, CancellationToken.None);

        problem.ShouldBeNull();
        Encoding.UTF8.GetString(body!).ShouldBe("{\"a\":1}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("text/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    [InlineData("application/jsonp")]
    [InlineData("json")]
    [InlineData("application/json, text/plain")]
    public async Task ReadJsonAsync_OtherContentType_Returns415(string? contentType)
    {
        var request = TestRequests.WithBody(contentType, "{}");

        var (body, problem) = await RequestBody.ReadJsonAsync(request, Limit, CancellationToken.None);

        body.ShouldBeNull();
        problem.ShouldBeOfType<ProblemHttpResult>().StatusCode.ShouldBe(StatusCodes.Status415UnsupportedMediaType);
    }

    [Fact]
    public async Task ReadJsonAsync_DeclaredLengthOverLimit_Returns413WithoutReading()
    {
        var request = TestRequests.WithBody("application/json", "{}");
        request.ContentLength = Limit + 1;

        var (body, problem) = await RequestBody.ReadJsonAsync(request, Limit, CancellationToken.None);

        body.ShouldBeNull();
        problem.ShouldBeOfType<ProblemHttpResult>().StatusCode.ShouldBe(StatusCodes.Status413PayloadTooLarge);
        request.Body.Position.ShouldBe(0);
    }

    [Fact]
    public async Task ReadJsonAsync_UndeclaredLengthOverLimit_Returns413()
    {
        var request = TestRequests.WithBody("application/json", new string(' ', Limit + 1));
        request.ContentLength = null;

        var (body, problem) = await RequestBody.ReadJsonAsync(request, Limit, CancellationToken.None);

        body.ShouldBeNull();
        problem.ShouldBeOfType<ProblemHttpResult>().StatusCode.ShouldBe(StatusCodes.Status413PayloadTooLarge);
    }

    [Fact]
    public async Task ReadJsonAsync_ExactlyTheLimit_ReturnsTheBytes()
    {
        var request = TestRequests.WithBody("application/json", new string(' ', Limit));
        request.ContentLength = null;

        var (body, problem) = await RequestBody.ReadJsonAsync(request, Limit, CancellationToken.None);

        problem.ShouldBeNull();
        body!.Length.ShouldBe(Limit);
    }
}
