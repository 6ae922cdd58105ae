using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;

namespace Seamless.Api.Tests;

public sealed class ApiKeyAuthenticatorTests
{
    private const string Key = "first-key-0123456789";
    private const string Other = "second-key-9876543210";

    [Fact]
    public void Check_KeyInHeader_Allows()
    {
        var context = Request(header: Key);

        var result = Authenticator().Check(context);

        result.ShouldBeNull();
    }

    [Fact]
    public void Check_KeyInCodeQuery_Allows()
    {
        var context = Request(query: Key);

        var result = Authenticator().Check(context);

        result.ShouldBeNull();
    }

    [Fact]
    public void Check_SecondConfiguredKey_Allows()
    {
        var context = Request(header: Other);

        var result = Authenticator().Check(context);

        result.ShouldBeNull();
    }

    [Theory]
    [InlineData("missing", null, null)]
    [InlineData("empty header", "", null)]
    [InlineData("wrong header", "wrong-key-0123456789", null)]
    [InlineData("prefix of key", "first-key-012345678", null)]
    [InlineData("key plus suffix", "first-key-0123456789x", null)]
    [InlineData("different case", "FIRST-KEY-0123456789", null)]
    [InlineData("wrong query", null, "wrong-key-0123456789")]
    [InlineData("header wins over a valid query", "wrong-key-0123456789", Key)]
    public void Check_MissingOrWrongKey_Returns401Problem(string name, string? header, string? query)
    {
        var context = Request(header, query);

        var result = Authenticator().Check(context);

        var problem = result.ShouldBeOfType<ProblemHttpResult>(name);
        problem.StatusCode.ShouldBe(StatusCodes.Status401Unauthorized);
        problem.ProblemDetails.Type.ShouldBe(ApiProblems.TypeBase + "unauthorized");
        problem.ProblemDetails.Detail!.ShouldNotContain(Key);
    }

    [Fact]
    public void Check_NoKeysConfigured_RefusesEveryKey()
    {
        var context = Request(header: Key);

        var result = Authenticator([]).Check(context);

        result.ShouldBeOfType<ProblemHttpResult>().StatusCode.ShouldBe(StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public void Check_PlatformAuthentication_LeavesTheCheckToThePlatform()
    {
        var context = Request();
        var options = Options.Create(new SeamlessOptions { Api = new ApiOptions { Authentication = ApiAuthentication.Platform } });

        var result = new ApiKeyAuthenticator(options).Check(context);

        result.ShouldBeNull();
    }

    [Theory]
    [InlineData("no key, anonymous route", ApiAccess.Anonymous, null, null)]
    [InlineData("no key, API route", ApiAccess.Api, null, StatusCodes.Status401Unauthorized)]
    [InlineData("API key, API route", ApiAccess.Api, Key, null)]
    [InlineData("approver key, API route (a write)", ApiAccess.Api, Other, StatusCodes.Status401Unauthorized)]
    [InlineData("API key, approve", ApiAccess.Approver, Key, StatusCodes.Status403Forbidden)]
    [InlineData("approver key, approve", ApiAccess.Approver, Other, null)]
    [InlineData("API key, abort", ApiAccess.Operator, Key, null)]
    [InlineData("approver key, abort", ApiAccess.Operator, Other, null)]
    [InlineData("no key, abort", ApiAccess.Operator, null, StatusCodes.Status401Unauthorized)]
    public void Authorize_Access_RunsThatRoutesCheck(string name, ApiAccess access, string? presented, int? status)
    {
        var context = Request(header: presented);
        context.Request.Method = HttpMethods.Post;
        var authenticator = new ApiKeyAuthenticator(Options.Create(new SeamlessOptions { Api = new ApiOptions { Keys = [Key], ApproverKeys = [Other] } }));

        var result = authenticator.Authorize(context, access);

        if (status is null)
        {
            result.ShouldBeNull(name);
        }
        else
        {
            result.ShouldBeOfType<ProblemHttpResult>(name).StatusCode.ShouldBe(status.Value, name);
        }
    }

    private static ApiKeyAuthenticator Authenticator(IList<string>? keys = null) =>
        new(Options.Create(new SeamlessOptions { Api = new ApiOptions { Keys = keys ?? [Key, Other] } }));

    private static DefaultHttpContext Request(string? header = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers[ApiKeyAuthenticator.KeyHeader] = header;
        }

        if (query is not null)
        {
            context.Request.QueryString = QueryString.Create(ApiKeyAuthenticator.KeyQuery, query);
        }

        return context;
    }
}
