using Microsoft.DurableTask.Client;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seamless.Host.Serving;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Orchestration;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>An HTTP response reduced to what the tests assert on (<paramref name="Location"/> as sent, relative or absolute).</summary>
public sealed record ApiResponse(int Status, string? ContentType, string Body, string? Location = null)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public bool IsProblem => ContentType == "application/problem+json";

    /// <summary>The <c>errors[].field</c> values of a 400/403 problem.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Json.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()!)] : [];

    public override string ToString() => $"{Status} {ContentType} {Body}";
}

/// <summary>
/// A real <see cref="SeamlessServer"/> on loopback with keys and a webhook secret. Either the
/// server's own in-process simulator, or a simulator behind a <see cref="CountingProxy"/> so every
/// Azure call (reads included) is visible.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string Key = "test-api-key-0123456789abcdef";
    public const string SecondKey = "second-api-key-fedcba9876543210";
    public const string Secret = "webhook-secret-0f1e2d3c4b5a69788796a5b4";
    public const int MaxBodyBytes = 16 * 1024;

    private readonly SelfHostedServer _host;
    private readonly SimulatorHost? _ownSimulator;
    private readonly CountingProxy? _proxy;

    private ApiServer(SelfHostedServer host, SimulatorHost? ownSimulator, CountingProxy? proxy)
    {
        _host = host;
        _ownSimulator = ownSimulator;
        _proxy = proxy;
    }

    public SeamlessServer Server => _host.Server;

    public HttpClient Client => _host.Http;

    /// <summary>Gets the simulator (the server's own, or the one behind the proxy).</summary>
    public SimulatorHost Simulator => _ownSimulator ?? Server.Simulator!;

    public static string SiteId => DefaultFleet.SiteId;

    public static string PlanId => DefaultFleet.PlanId;

    /// <summary>A well-formed site id that is not in the allow-list.</summary>
    public static string UnmanagedSiteId => $"/subscriptions/{DefaultFleet.SubscriptionId}/resourceGroups/{DefaultFleet.ResourceGroup}/providers/Microsoft.Web/sites/app-not-managed";

    /// <summary>Gets every Azure request the server made through the proxy (proxied servers only; not its reads and moves of the simulator's clock).</summary>
    public IReadOnlyList<string> AzureRequests =>
        _proxy is null ? throw new InvalidOperationException("Not a proxied server.") : [.. _proxy.Requests.Where(r => r is not ("GET /_sim/clock" or "POST /_sim/clock"))];

    /// <summary>Starts a server with its own in-process simulator.</summary>
    public static Task<ApiServer> StartSimulatedAsync(LogLevel logLevel = LogLevel.Warning) => StartAsync(proxied: false, logLevel, null);

    /// <summary>Starts a server with its own in-process simulator and extra configuration (<c>Seamless:…</c> keys).</summary>
    public static Task<ApiServer> StartSimulatedAsync(IReadOnlyDictionary<string, string?> settings, LogLevel logLevel = LogLevel.Warning) =>
        StartAsync(proxied: false, logLevel, settings);

    /// <summary>Starts a server whose Azure calls all go through a counting proxy to a simulator.</summary>
    public static Task<ApiServer> StartProxiedAsync() => StartAsync(proxied: true, LogLevel.Warning, null);

    public async Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync()
    {
        var client = Server.Services.GetRequiredService<DurableTaskClient>();
        var list = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync())
        {
            list.Add(instance);
        }

        return list;
    }

    /// <summary>Asserts that no orchestration exists and that no Azure call of any kind was made.</summary>
    public async Task ShouldHaveStartedNothingAsync()
    {
        (await InstancesAsync()).Select(i => i.InstanceId).ShouldBeEmpty();
        Simulator.State.Operations.ShouldBeEmpty();
        if (_proxy is not null)
        {
            AzureRequests.ShouldBeEmpty();
        }
    }

    /// <summary>Sends a request; <paramref name="key"/> goes in the header; the body is signed when <paramref name="signWith"/> is set.</summary>
    public Task<ApiResponse> SendAsync(
        HttpMethod method,
        string path,
        byte[]? body = null,
        string? contentType = "application/json",
        string? key = Key,
        string? signWith = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(Client, method, path, body, contentType, key, signWith, headers);

    public Task<ApiResponse> SendAsync(HttpRequestMessage request) => SendAsync(Client, request);

    /// <summary>The same request on any server's client (tests that start a server of their own configuration).</summary>
    public static Task<ApiResponse> SendAsync(
        HttpClient client,
        HttpMethod method,
        string path,
        byte[]? body,
        string? contentType,
        string? key,
        string? signWith = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyAuthenticator.KeyHeader, key);
        }

        if (signWith is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(signWith, body ?? []));
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync(client, request);
    }

    public static async Task<ApiResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (request)
        {
            using var response = await client.SendAsync(request);
            string? location = response.Headers.TryGetValues("Location", out var values) ? values.FirstOrDefault() : null;
            return new ApiResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), location);
        }
    }

    /// <summary>POST /api/upgrades with a signed body (the normal CI delivery).</summary>
    public Task<ApiResponse> PostUpgradeAsync(string json, string? delivery = null, string? key = Key, string? signWith = Secret) =>
        SendAsync(HttpMethod.Post, "/api/upgrades", Encoding.UTF8.GetBytes(json), key: key, signWith: signWith,
            headers: delivery is null ? null : new Dictionary<string, string> { ["X-GitHub-Delivery"] = delivery });

    public Task<ApiResponse> PostAlertAsync(string json, string? key = Key) =>
        SendAsync(HttpMethod.Post, "/api/alerts", Encoding.UTF8.GetBytes(json), key: key);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_ownSimulator is not null)
        {
            await _ownSimulator.DisposeAsync();
        }
    }

    private static async Task<ApiServer> StartAsync(bool proxied, LogLevel logLevel, IReadOnlyDictionary<string, string?>? extra)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Seamless:Api:Keys:0"] = Key,
            ["Seamless:Api:Keys:1"] = SecondKey,
            ["Seamless:Api:WebhookSecret"] = Secret,
            ["Seamless:Api:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Seamless:ScaleIn:Enabled"] = "false",
        };
        SimulatorHost? simulator = null;
        CountingProxy? proxy = null;
        if (proxied)
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { DrivenTime = true });
            proxy = await CountingProxy.StartAsync(simulator.BaseAddress);
            overrides["Seamless:Managed:Sites:0"] = SiteId;
            overrides["Seamless:Managed:Plans:0"] = PlanId;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        // On virtual time either way: simulated, shared with the in-process simulator; proxied, driving the standalone
        // simulator (driven time) through the proxy.
        var settings = new ServeSettings { Simulate = !proxied, VirtualTime = true, AzureEndpoint = proxy?.BaseAddress, Overrides = overrides };
        return new ApiServer(await SelfHostedServer.StartAsync(settings, logLevel: logLevel), simulator, proxy);
    }
}

/// <summary>Shares one simulated server across a test class.</summary>
public sealed class SimulatedServerFixture : IAsyncLifetime
{
    public ApiServer Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiServer.StartSimulatedAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>Shares one proxied server across a test class; nothing valid is ever started on it.</summary>
public sealed class ProxiedServerFixture : IAsyncLifetime
{
    public ApiServer Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiServer.StartProxiedAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
