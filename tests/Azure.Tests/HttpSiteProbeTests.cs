using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

public sealed class HttpSiteProbeTests
{
    [Fact]
    public async Task ProbeAsync_DataPlaneEndpoint_SendsSimPathWithAffinityCookies()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200, "ok"));
        using ServiceProvider services = Services(server.BaseAddress);

        ProbeResult result = await services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app-demo-staging.azurewebsites.net", "/health/ready", "inst-1", TimeSpan.FromSeconds(5)), CancellationToken.None);

        result.StatusCode.ShouldBe(200);
        result.Error.ShouldBeNull();
        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/_sim/web/app-demo-staging.azurewebsites.net/health/ready");
        request.Header("Cookie").ShouldBe("ARRAffinity=inst-1; ARRAffinitySameSite=inst-1");
        request.Header("Authorization").ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_ServerError_ReturnsTheStatus()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(503));
        using ServiceProvider services = Services(server.BaseAddress);

        ProbeResult result = await services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app.azurewebsites.net", "/", null, TimeSpan.FromSeconds(5)), CancellationToken.None);

        result.StatusCode.ShouldBe(503);
        server.Requests.ShouldHaveSingleItem().Header("Cookie").ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_Redirect_IsReportedNotFollowed()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(302, Headers: new Dictionary<string, string> { ["Location"] = "/login" }));
        using ServiceProvider services = Services(server.BaseAddress);

        ProbeResult result = await services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app.azurewebsites.net", "/", null, TimeSpan.FromSeconds(5)), CancellationToken.None);

        result.StatusCode.ShouldBe(302);
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ProbeAsync_SlowerThanTimeout_ReturnsZeroWithError()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200, Delay: TimeSpan.FromSeconds(10)));
        using ServiceProvider services = Services(server.BaseAddress);

        ProbeResult result = await services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app.azurewebsites.net", "/slow?code=secret", "i", TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        result.StatusCode.ShouldBe(0);
        result.Error.ShouldNotBeNull().ShouldContain("Timed out");
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_ReturnsZeroWithError()
    {
        Uri closed;
        await using (LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200)))
        {
            closed = server.BaseAddress;
        }

        using ServiceProvider services = Services(closed);

        ProbeResult result = await services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app.azurewebsites.net", "/", "i", TimeSpan.FromSeconds(5)), CancellationToken.None);

        result.StatusCode.ShouldBe(0);
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_Throws()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200, Delay: TimeSpan.FromSeconds(10)));
        using ServiceProvider services = Services(server.BaseAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => services.GetRequiredService<ISiteProbe>().ProbeAsync(
            new ProbeRequest("app.azurewebsites.net", "/", null, TimeSpan.FromSeconds(30)), cancel.Token));
    }

    [Theory]
    [InlineData("app.azurewebsites.net", "/health", null, "https://app.azurewebsites.net/health")]
    [InlineData("app.azurewebsites.net", "", null, "https://app.azurewebsites.net/")]
    [InlineData("app.azurewebsites.net", "/a?b=c", "http://127.0.0.1:5000/", "http://127.0.0.1:5000/_sim/web/app.azurewebsites.net/a?b=c")]
    public void BuildUri_HostAndPath_FormsTheUrl(string host, string path, string? dataPlane, string expected)
    {
        Uri uri = HttpSiteProbe.BuildUri(new ProbeRequest(host, path, null, TimeSpan.FromSeconds(1)), dataPlane is null ? null : new Uri(dataPlane));

        uri.AbsoluteUri.ShouldBe(expected);
    }

    [Theory]
    [InlineData("evil.com/x", "/")]
    [InlineData("user@evil.com", "/")]
    [InlineData("app.azurewebsites.net", "health")]
    public void BuildUri_MalformedHostOrPath_Throws(string host, string path) =>
        Should.Throw<ArgumentException>(() => HttpSiteProbe.BuildUri(new ProbeRequest(host, path, null, TimeSpan.FromSeconds(1)), null));

    private static ServiceProvider Services(Uri baseAddress)
    {
        AzureAccessOptions template = TestClients.Options(baseAddress);
        return new ServiceCollection()
            .AddLogging()
            .AddSeamlessAzure(o =>
            {
                o.ArmEndpoint = template.ArmEndpoint;
                o.DataPlaneEndpoint = template.DataPlaneEndpoint;
                o.StaticToken = template.StaticToken;
            })
            .BuildServiceProvider();
    }
}
