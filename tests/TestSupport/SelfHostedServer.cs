using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Seamless.Host.Serving;
using Seamless.Simulator.Fleet;

namespace Seamless.TestSupport;

/// <summary>
/// A real self-hosted server (<see cref="SeamlessServer"/>: API, embedded engine, Azure adapters) on a free loopback
/// port with its own temporary data folder, against its built-in simulator (or <see cref="ServeSettings.AzureEndpoint"/>),
/// and an <see cref="HttpClient"/> on it. Disposing stops the server and deletes the folder. The one set-up every test
/// that drives the server over HTTP shares: the API, Host and console tests.
/// </summary>
public sealed class SelfHostedServer : IAsyncDisposable
{
    private SelfHostedServer(SeamlessServer server, string dataDirectory, string? key)
    {
        Server = server;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            Http.DefaultRequestHeaders.Add(Api.ApiKeyAuthenticator.KeyHeader, key);
        }
    }

    /// <summary>Gets the server.</summary>
    public SeamlessServer Server { get; }

    /// <summary>Gets a client on the server (with the key in its default headers when one was given).</summary>
    public HttpClient Http { get; }

    /// <summary>Gets the server's data folder (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the server's base address.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>Gets the server's services.</summary>
    public IServiceProvider Services => Server.Services;

    /// <summary>Gets the server's built-in simulator.</summary>
    public Simulator.SimulatorHost Simulator => Server.Simulator ?? throw new InvalidOperationException("The server runs against an Azure endpoint, not its own simulator.");

    /// <summary>The configuration most tests start from: one API key and no timed scale-in sweep (tests run it on request).</summary>
    public static Dictionary<string, string?> KeyOnly(string key) => new()
    {
        ["Seamless:Api:Keys:0"] = key,
        ["Seamless:ScaleIn:Enabled"] = "false",
    };

    /// <summary>
    /// Starts a server with <paramref name="configuration"/> (<c>Seamless:…</c> keys) on the built-in simulator, both on
    /// virtual time (it moves only while nothing works); <paramref name="clientKey"/> goes in <see cref="Http"/>'s headers.
    /// </summary>
    public static Task<SelfHostedServer> StartAsync(
        IReadOnlyDictionary<string, string?> configuration, string? clientKey = null, LogLevel logLevel = LogLevel.Warning) =>
        StartAsync(new ServeSettings { Simulate = true, VirtualTime = true, Overrides = configuration }, clientKey, logLevel);

    /// <summary>Starts a server with <paramref name="settings"/>; its URL and data folder are the fixture's (loopback, free port, temporary).</summary>
    public static async Task<SelfHostedServer> StartAsync(ServeSettings settings, string? clientKey = null, LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string data = Path.Combine(Path.GetTempPath(), "seamless-tests-" + Guid.NewGuid().ToString("N"));
        var server = await SeamlessServer.StartAsync(settings with { Urls = "http://127.0.0.1:0", DataDirectory = data }, logLevel);
        return new SelfHostedServer(server, data, clientKey);
    }

    /// <summary>
    /// Starts an upgrade of the default fleet's site from staging to production through the API (with <see cref="Http"/>'s
    /// key) under the delivery id <paramref name="delivery"/>, and returns its id; anything but 202 throws with the body.
    /// </summary>
    public async Task<string> StartUpgradeAsync(string version, string delivery, object? policy = null, string strategy = "swap")
    {
        object body = policy is null
            ? new { site = DefaultFleet.SiteId, sourceSlot = "staging", targetSlot = "production", version, strategy }
            : new { site = DefaultFleet.SiteId, sourceSlot = "staging", targetSlot = "production", version, strategy, policy };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/upgrades") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", delivery);
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"POST /api/upgrades answered {(int)response.StatusCode}: {text}");
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the engine may still hold a file briefly.
        }
    }
}
