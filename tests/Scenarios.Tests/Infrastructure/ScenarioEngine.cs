using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Durable;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// One engine running the whole <see cref="WorkflowCatalog"/> against a <see cref="ScenarioWorld"/>, on wall-clock
/// time: the embedded engine on a temporary directory, or the Durable Task SDK worker and client over DTFx's
/// executor in process. Scenarios only use <see cref="Client"/> (the SDK's <see cref="DurableTaskClient"/> on both)
/// and <see cref="Services"/> (what the activities resolve).
/// </summary>
internal sealed class ScenarioEngine : IAsyncDisposable
{
    /// <summary>The longest a scenario waits for an outcome; generous, as only outcomes are awaited, never durations.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly Func<ValueTask> _dispose;

    private ScenarioEngine(EngineKind kind, DurableTaskClient client, IServiceProvider services, Func<ValueTask> dispose)
    {
        Kind = kind;
        Client = client;
        Services = services;
        _dispose = dispose;
    }

    /// <summary>Gets which engine this is.</summary>
    public EngineKind Kind { get; }

    /// <summary>Gets the engine's client.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Gets the services the activities resolve (the worker host's on the SDK engine).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Starts an engine with the catalog (and <paramref name="register"/>'s extra tasks) over <paramref name="world"/>.</summary>
    public static Task<ScenarioEngine> StartAsync(EngineKind kind, ScenarioWorld world, Action<DurableTaskRegistry>? register = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        return kind == EngineKind.Embedded ? StartEmbeddedAsync(world, register) : StartSdkAsync(world, register);
    }

    /// <summary>Schedules an orchestration and waits for it to finish.</summary>
    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object input, string instanceId)
    {
        await StartAsync(orchestrator, input, instanceId);
        return await WaitForCompletionAsync(instanceId);
    }

    /// <summary>Schedules an orchestration.</summary>
    public async Task StartAsync(string orchestrator, object input, string instanceId)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cts.Token);
    }

    /// <summary>Waits for an instance to reach a terminal state.</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>
    /// Waits until the instance's custom status satisfies <paramref name="condition"/>, polling it; fails when the
    /// instance finishes first. Scenarios use it to act in a given phase (an abort, an approval) without racing it.
    /// </summary>
    public async Task<T> WaitForStatusAsync<T>(string instanceId, Func<T, bool> condition, Action<OrchestrationMetadata>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(WaitLimit);
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (metadata is not null)
            {
                observe?.Invoke(metadata);
                if (metadata.SerializedCustomStatus is { } json && WorkflowJson.Deserialize<T>(json) is { } status && condition(status))
                {
                    return status;
                }

                if (metadata.IsCompleted)
                {
                    throw new ShouldAssertException(
                        $"{instanceId} finished ({metadata.RuntimeStatus}) before its status met the condition; last status: {metadata.SerializedCustomStatus}; output: {metadata.SerializedOutput}");
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cts.Token);
        }
    }

    public ValueTask DisposeAsync() => _dispose();

    private static async Task<ScenarioEngine> StartEmbeddedAsync(ScenarioWorld world, Action<DurableTaskRegistry>? register)
    {
        var services = new ServiceCollection();
        world.AddServices(services);
        var provider = services.BuildServiceProvider();
        var registry = WorkflowCatalog.Create();
        register?.Invoke(registry);
        string directory = Path.Combine(Path.GetTempPath(), "seamless-scenarios", Guid.NewGuid().ToString("N"));
        var engine = await DurableEngine.StartNewAsync(
            directory,
            registry,
            o => o.PollingInterval = TimeSpan.FromMilliseconds(10),
            provider,
            TimeProvider.System);
        return new ScenarioEngine(EngineKind.Embedded, engine.Client, provider, async () =>
        {
            await engine.DisposeAsync();
            await provider.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary directory left behind is harmless.
            }
        });
    }

    private static async Task<ScenarioEngine> StartSdkAsync(ScenarioWorld world, Action<DurableTaskRegistry>? register)
    {
        // The test host's gRPC sidecar is a default web host: it reads its log levels from the environment and
        // would otherwise log every request at Information to the console.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                WorkflowCatalog.Register(registry);
                register?.Invoke(registry);
            },
            new DurableTaskTestHostOptions
            {
                Port = FreePort.Next(),
                ConfigureServices = services =>
                {
                    world.AddServices(services);
                    UseWorkflowJson(services);
                },
            });
        return new ScenarioEngine(EngineKind.Sdk, host.Client, host.Services, host.DisposeAsync);
    }

    /// <summary>
    /// Makes the SDK worker and client use the one JSON convention (<see cref="WorkflowJson.DataConverter"/>), as
    /// the embedded engine does. The test host registers both under the default options name; each copies its
    /// base options (<see cref="DurableTaskWorkerOptions"/>, <see cref="DurableTaskClientOptions"/>) into its gRPC
    /// options, and an explicitly set converter wins over one resolved from the container.
    /// </summary>
    public static void UseWorkflowJson(IServiceCollection services)
    {
        services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = WorkflowJson.DataConverter);
        services.Configure<DurableTaskClientOptions>(o => o.DataConverter = WorkflowJson.DataConverter);
    }

}
