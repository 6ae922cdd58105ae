using System.Collections.Concurrent;

namespace Seamless.Scenarios.Tests.Engines;

/// <summary>
/// A deliberately non-deterministic orchestrator: the activity it schedules first depends on how many times its
/// code has run for the instance (a static counter), so the replay after the first activity schedules another
/// activity than the history holds. Both engines must refuse it.
/// </summary>
internal sealed class DriftingOrchestrator : TaskOrchestrator<string, string>
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "ScenarioDriftingOrchestrator";

    /// <summary>The activity the first execution schedules.</summary>
    public const string FirstActivity = "ScenarioEcho";

    /// <summary>The activity every replay schedules instead.</summary>
    public const string DriftedActivity = "ScenarioEchoDrifted";

    private static readonly ConcurrentDictionary<string, int> Executions = new(StringComparer.Ordinal);

    /// <summary>Adds the orchestrator and both activities to a registry.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator(Name, () => new DriftingOrchestrator())
            .AddActivityFunc<string, string>(FirstActivity, (_, input) => input)
            .AddActivityFunc<string, string>(DriftedActivity, (_, input) => input);
    }

    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        int execution = Executions.AddOrUpdate(context.InstanceId, 1, (_, count) => count + 1);
        string activity = execution == 1 ? FirstActivity : DriftedActivity;
        string first = await context.CallActivityAsync<string>(activity, input);
        return await context.CallActivityAsync<string>(FirstActivity, first);
    }
}
