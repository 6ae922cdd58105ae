using System.Collections.Concurrent;
using System.Diagnostics;

namespace Seamless.Host.Tests.Support;

/// <summary>A <c>dotnet some.dll …</c> child process whose output is kept for failure messages.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join(Environment.NewLine, _output.TakeLast(60));

    /// <summary>Gets every retained line (the last 400): a command's whole report.</summary>
    public string RetainedOutput => string.Join(Environment.NewLine, _output);

    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A clean slate: nothing from the test runner's environment configures the child by accident.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly what a crash looks like.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        _process.WaitForExit(); // drains redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            while (_output.Count > 400 && _output.TryDequeue(out _))
            {
            }
        }
    }
}
