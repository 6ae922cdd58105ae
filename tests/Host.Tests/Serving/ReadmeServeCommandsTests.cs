using System.Text.RegularExpressions;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// The self-hosting commands exactly as README's "Running it" writes them (optional <c>[…]</c> parts left out, placeholders
/// filled, <c>$HOME</c> a temporary folder, each port mapped to a free one) run side by side: each host owns its own
/// data folder, so the second does not refuse to start.
/// </summary>
public sealed partial class ReadmeServeCommandsTests : IDisposable
{
    private const string Key = "readme-commands-key-0123456789ab";
    private readonly string _home = Path.Combine(Path.GetTempPath(), "seamless-readme-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, int> _ports = [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public async Task ReadmeCommands_BothSelfHostingCommandsAtOnce_BothHostsServe()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var commands = ReadmeCommands();
        var hosts = commands.Where(c => c.Project == "src/Host").ToList();
        var simulator = commands.Single(c => c.Project == "src/Simulator");

        using var sim = Start(simulator);
        await WaitForAsync(Url(simulator) + "/_sim/clock", sim, cts.Token);
        var running = hosts.Select(Start).ToList();
        try
        {
            foreach (var (command, process) in hosts.Zip(running))
            {
                await WaitForAsync(Url(command) + "/api/health", process, cts.Token);
            }

            hosts.Count.ShouldBe(2);
            hosts.Select(h => Argument(h, "--data")).Distinct().Count().ShouldBe(2, "each README host names its own data folder");
            running.ShouldAllBe(p => !p.HasExited);
        }
        finally
        {
            foreach (var process in running)
            {
                process.Kill();
                process.Dispose();
            }
        }
    }

    /// <summary>The indented command lines of README's "Running it" section that run src/Host serve or src/Simulator.</summary>
    private List<ReadmeCommand> ReadmeCommands()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int start = readme.IndexOf("## Running it", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = readme[start..end].Replace("\\\n", " ", StringComparison.Ordinal);
        var commands = new List<ReadmeCommand>();
        foreach (string line in section.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)))
        {
            var match = CommandPattern().Match(Placeholder().Replace(OptionalPart().Replace(line, string.Empty), "placeholder").Trim());
            if (match.Success && (match.Groups["project"].Value == "src/Simulator" || match.Groups["args"].Value.TrimStart().StartsWith("serve", StringComparison.Ordinal)))
            {
                var environment = Tokens(match.Groups["env"].Value).Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => Fill(p[0]));
                commands.Add(new ReadmeCommand(match.Groups["project"].Value, environment, [.. Tokens(match.Groups["args"].Value).Select(Substitute)]));
            }
        }

        return commands;
    }

    private ChildProcess Start(ReadmeCommand command) =>
        ChildProcess.StartDotnet(command.Project == "src/Host" ? RepoPaths.HostDll : RepoPaths.SimulatorDll, command.Arguments, command.Environment);

    private static string Url(ReadmeCommand command) => Argument(command, "--urls").TrimEnd('/');

    private static string Argument(ReadmeCommand command, string name) => command.Arguments[command.Arguments.ToList().IndexOf(name) + 1];

    private static string Fill(string variable) => variable switch
    {
        _ when variable.StartsWith("Seamless__Api__Keys__", StringComparison.Ordinal) => Key,
        _ when variable.StartsWith("Seamless__Managed__Sites__", StringComparison.Ordinal) => DefaultFleet.SiteId,
        _ when variable.StartsWith("Seamless__Managed__Plans__", StringComparison.Ordinal) => DefaultFleet.PlanId,
        _ => throw new InvalidOperationException($"README sets {variable}, which this test does not know how to fill."),
    };

    /// <summary>$HOME becomes the test's folder; each README port becomes a free port (the same one wherever it recurs).</summary>
    private string Substitute(string token) =>
        PortPattern().Replace(token.Replace("$HOME", _home, StringComparison.Ordinal), m =>
        {
            if (!_ports.TryGetValue(m.Groups["port"].Value, out int port))
            {
                port = FreePort.Next();
                _ports[m.Groups["port"].Value] = port;
            }

            return $"{m.Groups["host"].Value}:{port}";
        });

    private static IEnumerable<string> Tokens(string text) =>
        TokenPattern().Matches(text).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value);

    private static async Task WaitForAsync(string url, ChildProcess process, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"A README command exited with {process.ExitCode}:{Environment.NewLine}{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, ct);
        }
    }

    [GeneratedRegex(@"^(?<env>(\S+=\S+\s+)*)dotnet run --project (?<project>\S+) --(?<args>.*)$")]
    private static partial Regex CommandPattern();

    [GeneratedRegex(@"\s*\[[^\]]*\]")]
    private static partial Regex OptionalPart();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<host>127\.0\.0\.1):(?<port>\d+)")]
    private static partial Regex PortPattern();

    [GeneratedRegex("\"(?<quoted>[^\"]*)\"|\\S+")]
    private static partial Regex TokenPattern();

    private sealed record ReadmeCommand(string Project, Dictionary<string, string> Environment, IReadOnlyList<string> Arguments);
}
