using System.Text;
using Microsoft.Extensions.Logging;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// Every 4xx/5xx of the API surface is RFC 9457 problem+json without internals: routing 404 and 405, 431 for
/// oversized headers, Kestrel's client errors raised while a body is read (413), and 500 from an unhandled
/// exception (no exception type, message or stack in the body).
/// </summary>
public sealed class SeamlessProblemDetailsTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private readonly ApiServer _api = fixture.Api;

    public static TheoryData<string, string> UnknownRoutes => new()
    {
        { "GET", "/index.html" },
        { "GET", "/api/console/openapi.json" },
        { "GET", "/api" },
        { "GET", "/api/nope" },
        { "POST", "/api/upgrades/x/y/z" },
        { "GET", "/api/upgrades/" + Uri.EscapeDataString("upgrade:app-demo:0123456789ab") + "/approve/extra" },
        { "GET", "/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E" },
        { "GET", "/api/..%2F..%2Fetc%2Fpasswd" },
        { "DELETE", "/favicon.ico" },
        { "OPTIONS", "/nothing-here" },
    };

    public static TheoryData<string, string> WrongMethods => new()
    {
        { "PUT", "/api/upgrades" },
        { "DELETE", "/api/upgrades" },
        { "POST", "/api/plans" },
        { "DELETE", "/api/plans/plan-demo" },
        { "POST", "/api/console" },
        { "PUT", "/api/upgrades/" + Uri.EscapeDataString("upgrade:app-demo:0123456789ab") },
        { "GET", "/api/upgrades/" + Uri.EscapeDataString("upgrade:app-demo:0123456789ab") + "/approve" },
        { "GET", "/api/upgrades/" + Uri.EscapeDataString("upgrade:app-demo:0123456789ab") + "/abort" },
        { "GET", "/api/alerts" },
        { "PATCH", "/api/alerts" },
        { "GET", "/api/scale-in/run" },
        { "POST", "/api/scale-in/decisions" },
        { "POST", "/api/health" },
        { "DELETE", "/api/openapi.json" },
    };

    [Theory]
    [MemberData(nameof(UnknownRoutes))]
    public async Task UnknownRoute_Returns404Problem(string method, string path)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path);

        response.ShouldBeProblem(404);
        response.Body.ShouldNotContain("script", Case.Insensitive);
        response.Body.ShouldNotContain("passwd", Case.Insensitive);
    }

    [Theory]
    [MemberData(nameof(WrongMethods))]
    public async Task KnownRouteWrongMethod_Returns405Problem(string method, string path)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path, body: method is "GET" or "DELETE" ? null : Encoding.UTF8.GetBytes("{}"));

        var json = response.ShouldBeProblem(405);
        json.GetProperty("detail").GetString()!.ShouldContain(method);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    public async Task UnknownRoute_AcceptNotJson_StillProblemJson(string accept)
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/nope", headers: new Dictionary<string, string> { ["Accept"] = accept });

        response.ShouldBeProblem(404);
    }

    [Theory]
    [InlineData("/api/health", "GET")]
    [InlineData("/api/alerts", "POST")]
    [InlineData("/api/upgrades", "POST")]
    [InlineData("/api/nope", "GET")]
    public async Task HeadersAboveTheApiLimit_Return431Problem(string path, string method)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-Padding-1"] = new string('a', SeamlessProblemDetails.MaxRequestHeaderBytes / 2),
            ["X-Padding-2"] = new string('b', SeamlessProblemDetails.MaxRequestHeaderBytes / 2),
        };

        var response = await _api.SendAsync(new HttpMethod(method), path, Encoding.UTF8.GetBytes(Payloads.Alert().ToJsonString()), signWith: ApiServer.Secret, headers: headers);

        response.ShouldBeProblem(431);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task HeadersJustBelowTheApiLimit_AreServed()
    {
        var headers = new Dictionary<string, string> { ["X-Padding"] = new string('a', SeamlessProblemDetails.MaxRequestHeaderBytes - 1024) };

        var response = await _api.SendAsync(HttpMethod.Get, "/api/health", key: null, headers: headers);

        response.Status.ShouldBe(200, response.ToString());
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutInternals_AndLogsTheErrorForTheOperator()
    {
        await using var app = await ProblemDetailsApp.StartAsync();

        var response = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, "throws"));

        var json = response.ShouldBeProblem(500);
        response.Body.ShouldNotContain("hunter2");
        response.Body.ShouldNotContain(nameof(InvalidOperationException));
        json.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        app.Logs.ShouldContain(l => l.Level == LogLevel.Error && l.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task BodyAboveKestrelsLimit_Returns413Problem_WithoutAnErrorLog()
    {
        await using var app = await ProblemDetailsApp.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "reads") { Content = new ByteArrayContent(new byte[ProblemDetailsApp.KestrelBodyLimit * 4]) };

        var response = await app.SendAsync(request);

        response.ShouldBeProblem(413);
        app.Logs.Where(l => l.Level >= LogLevel.Warning).Select(l => $"{l.Category}: {l.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task MinimalApp_UnknownRouteAndHeaderLimit_AreProblems()
    {
        await using var app = await ProblemDetailsApp.StartAsync();
        var big = new HttpRequestMessage(HttpMethod.Get, "throws");
        big.Headers.TryAddWithoutValidation("X-Padding", new string('a', SeamlessProblemDetails.MaxRequestHeaderBytes + 1));

        var missing = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, "missing"));
        var wrongMethod = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "throws"));
        var tooBig = await app.SendAsync(big);

        missing.ShouldBeProblem(404);
        wrongMethod.ShouldBeProblem(405);
        tooBig.ShouldBeProblem(431);
    }
}
