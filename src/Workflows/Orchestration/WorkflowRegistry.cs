using Microsoft.Extensions.DependencyInjection;

namespace Seamless.Workflows.Orchestration;

/// <summary>An orchestrator body: reads its input from the context and returns its output.</summary>
/// <param name="context">The orchestration context.</param>
/// <returns>The output, serialized with <see cref="WorkflowJson"/>.</returns>
public delegate Task<object?> OrchestratorFunc(IOrchestrationContext context);

/// <summary>An activity: one port call, idempotent, small immutable records in and out.</summary>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The output record.</typeparam>
public interface IActivity<in TInput, TOutput>
{
    /// <summary>Runs the activity.</summary>
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}

/// <summary>A registered orchestrator.</summary>
/// <param name="Name">The name both hosts register it under.</param>
/// <param name="Run">The body.</param>
public sealed record OrchestratorDescriptor(string Name, OrchestratorFunc Run);

/// <summary>A registered activity.</summary>
/// <param name="Name">The name both hosts register it under.</param>
/// <param name="InputType">The input type (deserialization target).</param>
/// <param name="Invoke">Resolves the activity from DI and runs it with a deserialized input.</param>
public sealed record ActivityDescriptor(
    string Name,
    Type InputType,
    Func<IServiceProvider, object?, CancellationToken, Task<object?>> Invoke);

/// <summary>Orchestrators and activities by name (case-insensitive, as in Durable).</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<string, OrchestratorDescriptor> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityDescriptor> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the registered orchestrators.</summary>
    public IReadOnlyCollection<OrchestratorDescriptor> Orchestrators => _orchestrators.Values;

    /// <summary>Gets the registered activities.</summary>
    public IReadOnlyCollection<ActivityDescriptor> Activities => _activities.Values;

    /// <summary>Registers an orchestrator.</summary>
    public WorkflowRegistry AddOrchestrator(string name, OrchestratorFunc run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        _orchestrators.Add(name, new OrchestratorDescriptor(name, run));
        return this;
    }

    /// <summary>Registers an activity class resolved from DI (register the class itself in the container).</summary>
    public WorkflowRegistry AddActivity<TActivity, TInput, TOutput>(string name)
        where TActivity : class, IActivity<TInput, TOutput>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _activities.Add(name, new ActivityDescriptor(
            name,
            typeof(TInput),
            async (services, input, ct) =>
            {
                var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(services);
                return await activity.RunAsync((TInput)input!, ct).ConfigureAwait(false);
            }));
        return this;
    }

    /// <summary>Registers an activity from a delegate (tests and small helpers).</summary>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<TInput, CancellationToken, Task<TOutput>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        _activities.Add(name, new ActivityDescriptor(
            name,
            typeof(TInput),
            async (_, input, ct) => await run((TInput)input!, ct).ConfigureAwait(false)));
        return this;
    }

    /// <summary>Registers an activity implemented by a method of a DI-resolved service.</summary>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<IServiceProvider, TInput, CancellationToken, Task<TOutput>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        _activities.Add(name, new ActivityDescriptor(
            name,
            typeof(TInput),
            async (services, input, ct) => await run(services, (TInput)input!, ct).ConfigureAwait(false)));
        return this;
    }

    /// <summary>Finds an orchestrator by name.</summary>
    public OrchestratorDescriptor? FindOrchestrator(string name) =>
        _orchestrators.TryGetValue(name, out var d) ? d : null;

    /// <summary>Finds an activity by name.</summary>
    public ActivityDescriptor? FindActivity(string name) =>
        _activities.TryGetValue(name, out var d) ? d : null;
}
