using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>Runs tools/bicep/parse.mjs with the node found on PATH and reads its JSON syntax tree.</summary>
public static class BicepParser
{
    public const string InstallCommand = "npm ci --prefix tools/bicep";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, SyntaxNode> Cache = new(StringComparer.Ordinal);
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 1024 };

    /// <summary>Parses a file (absolute, or relative to the repository root); results are cached per path.</summary>
    public static SyntaxNode Parse(string path)
    {
        var fullPath = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(RepositoryPaths.Root, path));
        return Cache.GetOrAdd(fullPath, ParseUncached);
    }

    /// <summary>Runs the parser script and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string StandardOutput, string StandardError) Run(params string[] arguments)
    {
        EnsureInstalled();
        var startInfo = new ProcessStartInfo(FindNode())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        startInfo.ArgumentList.Add(RepositoryPaths.ParserScript);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"parse.mjs {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private static SyntaxNode ParseUncached(string fullPath)
    {
        var (exitCode, output, error) = Run(fullPath);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"parse.mjs failed on {fullPath} (exit {exitCode}): {error}");
        }

        using var document = JsonDocument.Parse(output, JsonOptions);
        return SyntaxNode.FromJson(document.RootElement.GetProperty("root"));
    }

    private static void EnsureInstalled()
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.ParserModules, "web-tree-sitter"))
            || !Directory.Exists(Path.Combine(RepositoryPaths.ParserModules, "tree-sitter-bicep")))
        {
            throw new InvalidOperationException(
                $"{RepositoryPaths.ParserModules} is missing or incomplete: run `{InstallCommand}` from the repository root before the tests.");
        }
    }

    private static string FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("node was not found on PATH; install Node.js 18+ to check the Bicep files.");
    }
}
