using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// <c>Location</c> and <c>statusUri</c> come from <c>Seamless:Api:PublicBaseUrl</c>, or are relative when it is
/// not set — never from the request: a hostile <c>Host</c> (or forwarded-host) header never appears in them.
/// </summary>
public sealed class SeamlessApiHandlersLinkTests
{
    private const string Evil = "evil.example";

    private static readonly Dictionary<string, string> HostileHosts = new()
    {
        ["Host"] = Evil + ":8443",
        ["X-Forwarded-Host"] = "forwarded." + Evil,
        ["X-Forwarded-Proto"] = "javascript",
        ["X-Original-Host"] = "original." + Evil,
    };

    [Fact]
    public async Task PostAndGetUpgrade_NoPublicBaseUrl_LinksAreRelativeWhateverTheHostHeader()
    {
        await using var api = await ApiServer.StartSimulatedAsync();
        string json = Payloads.Upgrade().ToJsonString();

        var started = await PostAsync(api, json);
        string id = started.Json.GetProperty("id").GetString()!;
        var replay = await PostAsync(api, json);
        var status = await api.SendAsync(HttpMethod.Get, ApiLinks.UpgradePath(id), headers: HostileHosts);

        string expected = "/api/upgrades/" + Uri.EscapeDataString(id);
        started.Status.ShouldBe(202, started.ToString());
        started.Location.ShouldBe(expected);
        started.Json.GetProperty("statusUri").GetString().ShouldBe(expected);
        replay.Status.ShouldBe(200, replay.ToString());
        replay.Json.GetProperty("statusUri").GetString().ShouldBe(expected);
        status.Status.ShouldBe(200, status.ToString());
        status.Json.GetProperty("statusUri").GetString().ShouldBe(expected);
        foreach (var response in new[] { started, replay, status })
        {
            response.Body.ShouldNotContain(Evil);
            (response.Location ?? string.Empty).ShouldNotContain(Evil);
        }
    }

    [Theory]
    [InlineData("https://seamless.example.com", "https://seamless.example.com/api/upgrades/")]
    [InlineData("https://ops.example.com/seamless/", "https://ops.example.com/seamless/api/upgrades/")]
    public async Task PostUpgrade_PublicBaseUrl_LinksAreBuiltOnItWhateverTheHostHeader(string baseUrl, string prefix)
    {
        await using var api = await ApiServer.StartSimulatedAsync(new Dictionary<string, string?> { ["Seamless:Api:PublicBaseUrl"] = baseUrl });

        var started = await PostAsync(api, Payloads.Upgrade().ToJsonString());

        started.Status.ShouldBe(202, started.ToString());
        string expected = prefix + Uri.EscapeDataString(started.Json.GetProperty("id").GetString()!);
        started.Location.ShouldBe(expected);
        started.Json.GetProperty("statusUri").GetString().ShouldBe(expected);
        started.Body.ShouldNotContain(Evil);
    }

    [Theory]
    [InlineData(null, "/api/upgrades/upgrade%3Aapp%3A0123456789ab")]
    [InlineData("", "/api/upgrades/upgrade%3Aapp%3A0123456789ab")]
    [InlineData("https://s.example.com", "https://s.example.com/api/upgrades/upgrade%3Aapp%3A0123456789ab")]
    [InlineData("https://s.example.com/", "https://s.example.com/api/upgrades/upgrade%3Aapp%3A0123456789ab")]
    [InlineData("http://10.0.0.5:8080/base", "http://10.0.0.5:8080/base/api/upgrades/upgrade%3Aapp%3A0123456789ab")]
    public void Upgrade_BaseUrl_LinkIsAbsoluteUnderItOrRelative(string? baseUrl, string expected)
    {
        string link = ApiLinks.Upgrade(baseUrl, "upgrade:app:0123456789ab");

        link.ShouldBe(expected);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:pass@s.example.com")]
    [InlineData("https://s.example.com/?next=evil")]
    [InlineData("https://s.example.com/#frag")]
    [InlineData("https://s.example.com/a b")]
    public void Validate_InvalidPublicBaseUrl_Refused(string baseUrl)
    {
        var options = new Seamless.Workflows.Configuration.SeamlessOptions
        {
            Api = new Seamless.Workflows.Configuration.ApiOptions { Keys = [ApiServer.Key], PublicBaseUrl = baseUrl },
        };

        var errors = options.Validate();

        errors.ShouldContain(e => e.StartsWith("Seamless:Api:PublicBaseUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://seamless.example.com")]
    [InlineData("http://localhost:5080/seamless/")]
    public void Validate_ValidOrNoPublicBaseUrl_Accepted(string? baseUrl)
    {
        var options = new Seamless.Workflows.Configuration.SeamlessOptions
        {
            Api = new Seamless.Workflows.Configuration.ApiOptions { Keys = [ApiServer.Key], PublicBaseUrl = baseUrl },
        };

        options.Validate().ShouldNotContain(e => e.Contains("PublicBaseUrl", StringComparison.Ordinal));
    }

    private static Task<ApiResponse> PostAsync(ApiServer api, string json) =>
        api.SendAsync(HttpMethod.Post, "/api/upgrades", System.Text.Encoding.UTF8.GetBytes(json), signWith: ApiServer.Secret, headers: HostileHosts);
}
