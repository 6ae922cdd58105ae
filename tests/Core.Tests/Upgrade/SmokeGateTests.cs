using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class SmokeGateTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly int[] Allowed = [200];

    public static TheoryData<string, string[], ProbeObservation[], SmokeOutcome, SmokeReason> Cases => new()
    {
        { "every path 200", ["/", "/api/ping"], [Ok("/"), Ok("/api/ping")], SmokeOutcome.Pass, SmokeReason.AllPassed },
        { "no smoke paths", [], [], SmokeOutcome.Pass, SmokeReason.NoSmokePaths },
        { "a path answered 503", ["/", "/api/ping"], [Ok("/"), Status("/api/ping", 503)], SmokeOutcome.Fail, SmokeReason.StatusNotAllowed },
        { "a path got no response", ["/"], [new ProbeObservation(null, "/", null, TimeSpan.FromSeconds(30), At, "timeout")], SmokeOutcome.Fail, SmokeReason.ProbeError },
        { "a path not probed", ["/", "/api/ping"], [Ok("/")], SmokeOutcome.Fail, SmokeReason.NotProbed },
        { "the latest result counts", ["/"], [Status("/", 500), Ok("/") with { At = At.AddSeconds(5) }], SmokeOutcome.Pass, SmokeReason.AllPassed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Results_GetOutcomeAndReason(string name, string[] paths, ProbeObservation[] results, SmokeOutcome outcome, SmokeReason reason)
    {
        var verdict = SmokeGate.Evaluate(paths, Allowed, results);

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
    }

    [Fact]
    public void Evaluate_Failure_MessageNamesPathAndStatus()
    {
        var verdict = SmokeGate.Evaluate(["/", "/api/ping"], Allowed, [Ok("/"), Status("/api/ping", 503)]);

        verdict.Message.ShouldContain("/api/ping: status 503");
        verdict.Failures.Single().Path.ShouldBe("/api/ping");
    }

    private static ProbeObservation Ok(string path) => Status(path, 200);

    private static ProbeObservation Status(string path, int status) => new(null, path, status, TimeSpan.FromMilliseconds(50), At);
}
