using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) of a scale-in: the timer-driven step 3 → 2 of the default plan,
/// SIGKILL of <c>seamless serve</c> while a simulator hold keeps the step where the case says: the
/// capacity change sent but not yet seen by the platform (hold), accepted and still running (lroHold),
/// or the step journaled and verification's read held; restart on the same data, then release. The step
/// is judged exactly once, one capacity write per change reaches the platform, and the plan ends as the
/// journal says.
/// </summary>
[LongRunning]
public sealed class ScaleInCrashAtEveryStepTests(ITestOutputHelper output)
{
    private static readonly ScaleInKillPoint[] Cases =
    [
        new("Acting-setCapacitySent", ScaleInKillAt.CapacityRequestSent),
        new("Acting-setCapacityRunning", ScaleInKillAt.CapacityChangeRunning),
        new("Verifying-kept", ScaleInKillAt.Verifying),
        new("Verifying-harmfulReverted", ScaleInKillAt.Verifying, Harmful: true),
    ];

    /// <summary>Case names (serializable, so each case can be run on its own with a filter).</summary>
    public static TheoryData<string> Points => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledInsideScaleInStepAndRestarted_JudgesTheStepOnceWithOneWritePerChange(string point) =>
        ScaleInKillScenario.RunAsync(Cases.Single(c => c.Name == point), output);
}
