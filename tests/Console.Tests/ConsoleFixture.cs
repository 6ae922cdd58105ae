using Microsoft.Playwright;
using Seamless.Host.Demo;

namespace Seamless.Console.Tests;

/// <summary>
/// One self-hosted server on the built-in simulator (both on virtual time) and one headless
/// Debian Chromium driven by Playwright, shared by the console tests. Two keys: a CI key and an approver key.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Key = "console-ci-key-0123456789abcdef";
    public const string ApproverKey = "console-approver-key-0123456789";
    public const string ChromiumPath = "/usr/bin/chromium";

    private SelfHostedServer? _server;
    private IPlaywright? _playwright;

    public SelfHostedServer Server => _server!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http => Server.Http;

    /// <summary>Gets the folder screenshots are kept in (artifacts/console-screenshots under the repository root).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepoRoot(), "artifacts", "console-screenshots");

    public async Task InitializeAsync()
    {
        var configuration = DemoRunner.DemoConfiguration(Key);
        configuration["Seamless:Api:ApproverKeys:0"] = ApproverKey;

        // The sweep runs only when a test asks (POST /api/scale-in/run), and the plan's minimum is its size, so
        // the fleet keeps its three instances whatever order the tests run in.
        configuration["Seamless:ScaleIn:Enabled"] = "false";
        configuration["Seamless:ScaleIn:Policy:Min"] = "3";
        configuration["Seamless:ScaleIn:Policy:HoldMinimumToKeepBudget"] = "true";

        // As in the Host tests: at 120× a busy CPU's real milliseconds become simulated seconds; keep that out of the gate.
        configuration["Seamless:Upgrade:Warmup:LatencyBound"] = "00:00:30";
        configuration["Seamless:Upgrade:Warmup:Timeout"] = "01:00:00";
        _server = await SelfHostedServer.StartAsync(configuration, clientKey: Key);

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run bash scripts/test.sh, which installs Debian's chromium package.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,

            // Without the background-networking flags Chromium keeps calling Google services, which this network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Opens a fresh browser context (its own sessionStorage) on the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Opens the console and enters a key in its prompt, as an operator would.</summary>
    public async Task<IPage> OpenWithKeyAsync(string key, string hash = "#/fleet")
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/" + hash);
        await page.Locator("#key-input").FillAsync(key);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        return page;
    }

    /// <summary>Starts an upgrade through the API and returns its id.</summary>
    public Task<string> StartUpgradeAsync(string version, string strategy, string delivery, object? policy = null) =>
        Server.StartUpgradeAsync(version, delivery, policy, strategy);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The console tests share one server and one browser, and run one at a time (one release per site).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleTestGroup : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
