using Seamless.Host.Cli;

namespace Seamless.Host.Tests.Cli;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData("Promoted", 0)]
    [InlineData("RolledBack", 3)]
    [InlineData("Rejected", 4)]
    [InlineData("Aborted", 5)]
    [InlineData("Failed", 6)]
    [InlineData(null, 6)]
    public void ForOutcome_Outcome_DistinctCode(string? outcome, int code)
    {
        ExitCodes.ForOutcome(outcome).ShouldBe(code);
    }
}
