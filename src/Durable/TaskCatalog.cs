namespace Seamless.Durable;

/// <summary>
/// The orchestrators and activities of a <see cref="DurableTaskRegistry"/> by name (case-insensitive,
/// as in Durable): the same registry the Durable worker runs, so both engines execute the same objects.
/// </summary>
internal sealed class TaskCatalog
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public TaskCatalog(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, factory) in registry.GetOrchestrators())
        {
            _orchestrators[name.Name] = factory;
        }

        foreach (var (name, factory) in registry.GetActivities())
        {
            _activities[name.Name] = factory;
        }
    }

    public Func<IServiceProvider, ITaskOrchestrator>? FindOrchestrator(string name) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory : null;

    public Func<IServiceProvider, ITaskActivity>? FindActivity(string name) =>
        _activities.TryGetValue(name, out var factory) ? factory : null;
}
