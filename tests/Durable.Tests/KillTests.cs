using System.Diagnostics;

namespace Seamless.Durable.Tests;

public sealed class KillTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Engine_ProcessKilledMidOrchestration_ResumesAndAppliesEachSideEffectOnce()
    {
        // Arrange
        string root = Path.Combine(Path.GetTempPath(), "seamless-durable-kill", Guid.NewGuid().ToString("N"));
        string data = Path.Combine(root, "data");
        string work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        using (var first = StartWorker(data, work))
        {
            await WaitForFileAsync(Path.Combine(work, "step2.signal"), first);

            // Act
            first.Kill(); // SIGKILL on Unix: no shutdown code runs.
            await first.WaitForExitAsync();
        }

        bool completedBeforeRestart = File.Exists(Path.Combine(work, "completed.txt"));
        await File.WriteAllTextAsync(Path.Combine(work, "release"), "go");
        int exitCode;
        using (var second = StartWorker(data, work))
        {
            using var cts = new CancellationTokenSource(Limit);
            await second.WaitForExitAsync(cts.Token);
            exitCode = second.ExitCode;
        }

        // Assert
        completedBeforeRestart.ShouldBeFalse();
        exitCode.ShouldBe(0);
        (await File.ReadAllTextAsync(Path.Combine(work, "completed.txt"))).ShouldBe("Completed|[1,2,3,4,5]");
        var effects = Directory.GetFiles(work, "effect-*").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        effects.ShouldBe(Enumerable.Range(1, 5).Select(i => $"effect-kill-1-op{i}").ToList());
        for (int i = 1; i <= 5; i++)
        {
            (await File.ReadAllLinesAsync(Path.Combine(work, $"attempts-{i}.log"))).Length.ShouldBeGreaterThanOrEqualTo(1);
        }

        await using var engine = new DurableEngine(new DurableEngineOptions { DataDirectory = data }, new DurableTaskRegistry());
        var history = await engine.GetHistoryAsync("kill-1");
        history.Count(e => e.EventType == HistoryEventType.TaskCompleted).ShouldBe(5);
        history.Select(e => e.EventType).ShouldContain(HistoryEventType.ExecutionCompleted);
        (await engine.Client.GetInstanceAsync("kill-1"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        TryDelete(root);
    }

    private static Process StartWorker(string data, string work)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(WorkerPath());
        info.ArgumentList.Add(data);
        info.ArgumentList.Add(work);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string WorkerPath()
    {
        // tests/Durable.Tests/bin/<Configuration>/<tfm>/ -> tests/Durable.TestWorker/bin/<Configuration>/<tfm>/
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = baseDir.Name;
        string configuration = baseDir.Parent!.Name;
        string testsDir = baseDir.Parent.Parent!.Parent!.Parent!.FullName;
        string path = Path.Combine(testsDir, "Durable.TestWorker", "bin", configuration, tfm, "Seamless.Durable.TestWorker.dll");
        File.Exists(path).ShouldBeTrue($"worker not built at {path}");
        return path;
    }

    private static async Task WaitForFileAsync(string path, Process process)
    {
        using var cts = new CancellationTokenSource(Limit);
        while (!File.Exists(path))
        {
            process.HasExited.ShouldBeFalse("the worker exited before the kill point");
            await Task.Delay(10, cts.Token);
        }
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
