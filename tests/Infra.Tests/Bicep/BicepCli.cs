using System.Diagnostics;
using System.Reflection;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// Runs the Bicep compiler restored from NuGet (Azure.Bicep.CommandLine.linux-x64, its tools/bicep);
/// the csproj passes its path as the BicepPath assembly metadata. Works offline: infra/ uses no
/// registry modules and the compiler ships the Azure resource types.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string> LazyPath = new(FindExecutable);

    /// <summary>Gets the absolute path of the bicep binary.</summary>
    public static string ExecutablePath => LazyPath.Value;

    /// <summary>Runs bicep with the arguments (and extra environment variables) and returns what it printed.</summary>
    public static BicepRun Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Values main.bicepparam reads with readEnvironmentVariable must come from the test, never from the
        // machine running it: drop every inherited AZURE_* / SEAMLESS_* variable first.
        foreach (var name in startInfo.Environment.Keys.Where(IsDeploymentVariable).ToArray())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', startInfo.ArgumentList)} did not finish within {Timeout}.");
        }

        var standardError = error.GetAwaiter().GetResult();
        return new BicepRun(process.ExitCode, output.GetAwaiter().GetResult(), standardError, BicepDiagnostic.Parse(standardError));
    }

    private static bool IsDeploymentVariable(string name) =>
        name.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("SEAMLESS_", StringComparison.OrdinalIgnoreCase);

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep compiler was not found at '{path}': it comes from the Azure.Bicep.CommandLine.linux-x64 package (dotnet restore).");
        }

        // NuGet does not always keep the executable bit when it extracts a package.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}
