using Microsoft.Extensions.Logging;

namespace Seamless.Durable.Tests;

/// <summary>Starts an engine on a temporary directory and restarts it on the same directory.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly Action<DurableEngineOptions>? _configure;

    private EngineHarness(string directory, TimeProvider time, ILoggerFactory? loggerFactory, Action<DurableEngineOptions>? configure)
    {
        Directory = directory;
        Time = time;
        LoggerFactory = loggerFactory;
        _configure = configure;
    }

    public string Directory { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory? LoggerFactory { get; }

    public DurableEngine Engine { get; private set; } = null!;

    public DurableTaskClient Client => Engine.Client;

    public static async Task<EngineHarness> StartAsync(
        Action<DurableTaskRegistry> register,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        Action<DurableEngineOptions>? configure = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "seamless-durable-tests", Guid.NewGuid().ToString("N"));
        var harness = new EngineHarness(directory, time ?? TimeProvider.System, loggerFactory, configure);
        await harness.StartEngineAsync(register);
        return harness;
    }

    public async Task RestartAsync(Action<DurableTaskRegistry> register)
    {
        await Engine.DisposeAsync();
        await StartEngineAsync(register);
    }

    public async Task StopAsync() => await Engine.DisposeAsync();

    public Task StartEngineAsync(Action<DurableTaskRegistry> register)
    {
        var registry = new DurableTaskRegistry();
        register(registry);
        return StartEngineAsync(registry);
    }

    public async Task StartEngineAsync(DurableTaskRegistry registry)
    {
        Engine = await DurableEngine.StartNewAsync(
            Directory,
            registry,
            o =>
            {
                o.PollingInterval = TimeSpan.FromMilliseconds(10);
                _configure?.Invoke(o);
            },
            timeProvider: Time,
            loggerFactory: LoggerFactory);
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, string? instanceId = null)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string instanceId) => await Engine.GetHistoryAsync(instanceId);

    /// <summary>Waits until the instance's history satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForHistoryAsync(string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> condition)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        while (!condition(await Engine.GetHistoryAsync(instanceId)))
        {
            await Task.Delay(10, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
