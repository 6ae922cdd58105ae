using System.Net.Http.Json;
using System.Text.Json;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Support;

/// <summary>
/// A standalone simulator process on driven time and a <c>seamless serve --azure-endpoint --virtual-time</c> process
/// driving it, both on loopback: simulated time stands still while either works (a call held by the simulator keeps
/// it still) and while the Host is down, so no outcome depends on how fast the machine runs. The Host can be
/// SIGKILLed and started again on the same data directory; it goes on at the simulator's time.
/// </summary>
internal sealed class BlackBoxFleet : IAsyncDisposable
{
    public const string Key = "black-box-key-0123456789abcdef";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly int _simPort = FreePort.Next();
    private readonly int _hostPort = FreePort.Next();
    private readonly Dictionary<string, string> _hostEnvironment;
    private ChildProcess? _simulator;
    private readonly List<string> _notes = [];
    private ChildProcess? _host;

    public BlackBoxFleet(IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "seamless-blackbox-" + Guid.NewGuid().ToString("N")[..8]);
        _hostEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Seamless__Api__Keys__0"] = Key,
            ["Seamless__Managed__Sites__0"] = DefaultFleet.SiteId,
            ["Seamless__Managed__Plans__0"] = DefaultFleet.PlanId,

            // Short steps: fewer jumps of simulated time, so a shorter run (the outcomes do not depend on them).
            ["Seamless__Upgrade__Warmup__ProbeInterval"] = "00:00:10",
            ["Seamless__Upgrade__Canary__Steps__0"] = "10",
            ["Seamless__Upgrade__Canary__Steps__1"] = "50",
            ["Seamless__Upgrade__Canary__StepInterval"] = "00:03:00",
            ["Seamless__Upgrade__GuardWindow"] = "00:06:00",
            ["Seamless__Upgrade__GuardInterval"] = "00:02:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            _hostEnvironment[k] = v;
        }

        Simulator = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_simPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        HostHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_hostPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        Api = new UpgradeApi(HostHttp, Key);
        ScaleIn = new ScaleInApi(HostHttp, Key);
    }

    public string DataDirectory { get; }

    public HttpClient Simulator { get; }

    public HttpClient HostHttp { get; }

    public UpgradeApi Api { get; }

    public ScaleInApi ScaleIn { get; }

    public string Diagnostics =>
        $"{string.Join(Environment.NewLine, _notes)}{Environment.NewLine}--- host ---{Environment.NewLine}{_host?.Output}{Environment.NewLine}--- simulator ---{Environment.NewLine}{_simulator?.Output}";

    /// <summary>Keeps a line for <see cref="Diagnostics"/> (what the scenario saw, printed when it fails).</summary>
    public void Note(string line)
    {
        lock (_notes)
        {
            _notes.Add(line);
        }
    }

    public async Task StartSimulatorAsync(CancellationToken ct)
    {
        _simulator = ChildProcess.StartDotnet(RepoPaths.SimulatorDll, ["--urls", $"http://127.0.0.1:{_simPort}", "--driven-time"]);
        await WaitUntilAsync(Simulator, "_sim/clock", _simulator, ct);
    }

    public async Task StartHostAsync(CancellationToken ct)
    {
        _host?.Dispose();
        _host = ChildProcess.StartDotnet(
            RepoPaths.HostDll,
            ["serve", "--urls", $"http://127.0.0.1:{_hostPort}", "--azure-endpoint", Simulator.BaseAddress!.ToString(), "--virtual-time", "--data", DataDirectory],
            _hostEnvironment);
        await WaitUntilAsync(HostHttp, "api/health", _host, ct);
    }

    /// <summary>SIGKILL the Host (and anything it started).</summary>
    public void KillHost() => _host?.Kill();

    public async Task<IReadOnlyList<JsonElement>> OperationsAsync(CancellationToken ct)
    {
        var ops = await Simulator.GetFromJsonAsync<JsonElement>("_sim/operations", ct);
        return [.. ops.EnumerateArray()];
    }

    public async Task<JsonElement> SiteAsync(CancellationToken ct)
    {
        var state = await Simulator.GetFromJsonAsync<JsonElement>("_sim/state", ct);
        return state.GetProperty("plans").EnumerateArray().SelectMany(p => p.GetProperty("sites").EnumerateArray())
            .First(s => s.GetProperty("name").GetString() == DefaultFleet.SiteName);
    }

    public async Task<JsonElement> PlanAsync(CancellationToken ct)
    {
        var state = await Simulator.GetFromJsonAsync<JsonElement>("_sim/state", ct);
        return state.GetProperty("plans").EnumerateArray().First(p => p.GetProperty("name").GetString() == DefaultFleet.PlanName);
    }

    public static JsonElement Slot(JsonElement site, string name) =>
        site.GetProperty("slots").EnumerateArray().First(s => string.Equals(s.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase));

    public async Task InjectFaultAsync(object fault, CancellationToken ct)
    {
        using var response = await Simulator.PostAsJsonAsync("_sim/faults", fault, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Holds the next call of <paramref name="operation"/> (optionally only on paths containing <paramref name="target"/>):
    /// <c>hold</c> keeps it from the platform, <c>lroHold</c> lets the platform accept it and keeps it running, until
    /// <see cref="ReleaseAsync"/>. One call only: a caller that retries after a restart is not held again.
    /// </summary>
    public Task HoldAsync(string operation, string kind, string? target, CancellationToken ct) =>
        InjectFaultAsync(new { operation, kind, target, count = 1 }, ct);

    /// <summary>Waits until the simulator reports a call of <paramref name="operation"/> (on <paramref name="target"/>) held (the fault listing's <c>holding</c>).</summary>
    public async Task WaitUntilHeldAsync(string operation, CancellationToken ct, string? target = null)
    {
        while (!(await FaultsAsync(ct)).Any(f =>
            string.Equals(f.GetProperty("operation").GetString(), operation, StringComparison.OrdinalIgnoreCase)
            && (target is null || (f.TryGetProperty("target", out var t) && t.GetString() == target))
            && f.TryGetProperty("holding", out var holding) && holding.GetInt32() > 0))
        {
            await Task.Delay(10, ct);
        }
    }

    /// <summary>Removes the fault rules for <paramref name="operation"/> with <paramref name="target"/> (all rules when null), releasing what they hold.</summary>
    public async Task ReleaseAsync(string? operation, CancellationToken ct, string? target = null)
    {
        string query = operation is null ? string.Empty : "?operation=" + Uri.EscapeDataString(operation) + (target is null ? string.Empty : "&target=" + Uri.EscapeDataString(target));
        using var response = await Simulator.DeleteAsync(new Uri("_sim/faults" + query, UriKind.Relative), ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the simulator's log shows the first accepted (202) <paramref name="operation"/> ended; returns its result.</summary>
    public async Task<string> WaitUntilEndedAsync(string operation, CancellationToken ct)
    {
        while (true)
        {
            var op = (await OperationsAsync(ct)).FirstOrDefault(o => o.GetProperty("kind").GetString() == operation && o.GetProperty("statusCode").GetInt32() == 202);
            if (op.ValueKind == JsonValueKind.Object && op.GetProperty("result").GetString() is { } result && result != "Accepted")
            {
                return result;
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>The simulator's clock now (the Host's last published time).</summary>
    public async Task<DateTimeOffset> SimulatedNowAsync(CancellationToken ct)
    {
        var clock = await Simulator.GetFromJsonAsync<JsonElement>("_sim/clock", ct);
        return clock.GetProperty("now").GetDateTimeOffset();
    }

    public async Task<IReadOnlyList<JsonElement>> FaultsAsync(CancellationToken ct)
    {
        var faults = await Simulator.GetFromJsonAsync<JsonElement>("_sim/faults", ct);
        return [.. faults.EnumerateArray()];
    }

    /// <summary>POST /_sim/load for the default site (requests per minute of users, steady).</summary>
    public async Task SetLoadAsync(double requestsPerMinute, CancellationToken ct)
    {
        using var response = await Simulator.PostAsJsonAsync("_sim/load", new { site = DefaultFleet.SiteName, requestsPerMinute }, ct);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Dispose();
        _simulator?.Dispose();
        HostHttp.Dispose();
        Simulator.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static async Task WaitUntilAsync(HttpClient http, string path, ChildProcess process, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {process.ExitCode} before answering {path}:{Environment.NewLine}{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
