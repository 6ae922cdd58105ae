using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) of a scale-in: the timer-driven step 3 → 2 of the default plan,
/// SIGKILL of <c>seamless serve</c> while the capacity change is in flight (sent but not yet seen by
/// the platform; accepted and still running) or while the step is being verified, restart on the same
/// data. The step is judged exactly once, one capacity write per change reaches the platform, and the
/// plan ends as the journal says.
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
