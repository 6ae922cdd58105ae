using System.Runtime.Versioning;
using Microsoft.Extensions.Options;
using Seamless.Durable;
using Seamless.Host.Demo;
using Seamless.Host.Serving;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Serving;

/// <summary>One owner per data folder (an OS lock), bound to one Azure scope, with owner-only files.</summary>
public sealed class DataFolderTests : IDisposable
{
    private const string Key = "data-folder-key-0123456789abcdef";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "seamless-folder-tests-" + Guid.NewGuid().ToString("N")[..8], "data");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public void Acquire_FolderHeldByAnotherOwner_RefusedNamingFolderAndProcessUntilReleased()
    {
        var first = DataFolder.Acquire(_data);

        var refused = Should.Throw<DataFolderException>(() => DataFolder.Acquire(_data));
        first.Dispose();
        using var next = DataFolder.Acquire(_data);

        refused.Message.ShouldContain($"'{Path.GetFullPath(_data)}'");
        refused.Message.ShouldContain($"process {Environment.ProcessId}");
        refused.Message.ShouldNotContain(Environment.NewLine);
        next.FullPath.ShouldBe(Path.GetFullPath(_data));
    }

    [Fact]
    public async Task Serve_SecondHostOnTheSameFolder_ExitsNonZeroWithOneLineAndANewHostStartsOnceTheFirstStops()
    {
        using var cts = new CancellationTokenSource(Budget);
        var first = await StartSimulatedAsync(_data);

        using var second = ChildProcess.StartDotnet(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", _data],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = Key });
        int exit = await second.WaitForExitAsync(cts.Token);
        await first.DisposeAsync();
        await using var third = await StartSimulatedAsync(_data);

        exit.ShouldNotBe(0, second.Output);
        string[] lines = second.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, second.Output);
        lines[0].ShouldStartWith("seamless: data folder ");
        lines[0].ShouldContain(Path.GetFullPath(_data));
        lines[0].ShouldContain($"process {Environment.ProcessId}");
        third.DataDirectory.ShouldBe(Path.GetFullPath(_data));
    }

    [Fact]
    public async Task Serve_HostKilled_TheOsDropsTheLockAndTheNextHostStarts()
    {
        using var cts = new CancellationTokenSource(Budget);
        int port = FreePort.Next();
        using var host = ChildProcess.StartDotnet(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{port}", "--data", _data],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = Key });
        await WaitForHealthAsync(new Uri($"http://127.0.0.1:{port}/"), host, cts.Token);

        var whileRunning = Should.Throw<DataFolderException>(() => DataFolder.Acquire(_data));
        host.Kill();
        await using var next = await StartSimulatedAsync(_data);

        whileRunning.Message.ShouldContain(Path.GetFullPath(_data));
        whileRunning.Message.ShouldContain("process ");
        next.DataDirectory.ShouldBe(Path.GetFullPath(_data));
    }

    [Fact]
    public async Task Serve_FolderOfAnotherAzureScope_ExitsNonZeroWithOneLineNamingBothScopes()
    {
        using var cts = new CancellationTokenSource(Budget);
        await (await StartSimulatedAsync(_data)).DisposeAsync();
        string endpoint = $"http://127.0.0.1:{FreePort.Next()}";

        using var other = ChildProcess.StartDotnet(
            RepoPaths.HostDll,
            ["serve", "--azure-endpoint", endpoint + "/", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", _data],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = Key, ["Seamless__Managed__Sites__0"] = DefaultFleet.SiteId, ["Seamless__Managed__Plans__0"] = DefaultFleet.PlanId });
        int exit = await other.WaitForExitAsync(cts.Token);
        using var folder = DataFolder.Acquire(_data);

        exit.ShouldNotBe(0, other.Output);
        string[] lines = other.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, other.Output);
        lines[0].ShouldStartWith("seamless: data folder ");
        lines[0].ShouldContain(DataScope.InProcessSimulator);
        lines[0].ShouldContain(endpoint);
        lines[0].ShouldContain(DefaultFleet.SubscriptionId);
        folder.ReadScope()!.Endpoint.ShouldBe(DataScope.InProcessSimulator, "the refused host must not rebind the folder");
    }

    [Fact]
    public async Task StartAsync_SubscriptionAdded_ScopeExtendedAndRecorded()
    {
        const string other = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-other";
        await (await StartSimulatedAsync(_data)).DisposeAsync();

        await (await StartSimulatedAsync(_data, new Dictionary<string, string?> { ["Seamless:Managed:Plans:9"] = other })).DisposeAsync();
        using var folder = DataFolder.Acquire(_data);

        folder.ReadScope()!.Subscriptions.ShouldBe([DefaultFleet.SubscriptionId, "22222222-2222-2222-2222-222222222222"]);
    }

    [Fact]
    public async Task StartAsync_InvalidRetention_FailsWithoutBindingOrHoldingTheFolder()
    {
        var failure = await Should.ThrowAsync<OptionsValidationException>(() => StartSimulatedAsync(_data, new Dictionary<string, string?> { ["Seamless:Retention:Journal"] = "00:00:10" }));
        using var folder = DataFolder.Acquire(_data);

        failure.Message.ShouldContain("Seamless:Retention:Journal");
        folder.ReadScope().ShouldBeNull();
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public async Task StartAsync_NewFolder_FolderAndEveryStateFileOwnerOnly()
    {
        await using var server = await StartSimulatedAsync(_data);

        File.GetUnixFileMode(_data).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] files =
        [
            DataFolder.LockFileName, DataFolder.OwnerFileName, DataFolder.ScopeFileName,
            DurableEngineOptions.DatabaseFileName, DurableEngineOptions.DatabaseFileName + "-wal", DurableEngineOptions.DatabaseFileName + "-shm",
        ];
        foreach (string name in files)
        {
            string file = Path.Combine(_data, name);
            File.Exists(file).ShouldBeTrue(file);
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }

    private static Task<SeamlessServer> StartSimulatedAsync(string data, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var configuration = DemoRunner.DemoConfiguration(Key);
        configuration["Seamless:ScaleIn:Enabled"] = "false";
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            configuration[k] = v;
        }

        return SeamlessServer.StartAsync(new ServeSettings { Urls = "http://127.0.0.1:0", Simulate = true, DataDirectory = data, Overrides = configuration });
    }

    private static async Task WaitForHealthAsync(Uri baseAddress, ChildProcess process, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode}:{Environment.NewLine}{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(100, ct);
        }
    }
}
