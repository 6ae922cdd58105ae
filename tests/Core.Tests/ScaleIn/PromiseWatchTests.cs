using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>When a plan's promise turns (<see cref="PromiseWatch"/>).</summary>
public sealed class PromiseWatchTests
{
    private static readonly DateTimeOffset Through = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A day with data: 1.44 overloaded minutes allowed.</summary>
    private static PromiseAccount Day(int overloaded, int minutes = 1440) => new(0.1, Through.AddDays(-1), Through, minutes, overloaded, minutes, overloaded, null, null);

    public static TheoryData<string, PromiseAccount?, PromiseAccount?, PromiseTurn?> Cases => new()
    {
        { "kept, then missed", Day(1), Day(2), PromiseTurn.Missed },
        { "missed, then kept again", Day(2), Day(1), PromiseTurn.KeptAgain },
        { "missed, and still missed", Day(2), Day(5), null },
        { "kept, and still kept", Day(0), Day(1), null },
        { "no account before, and it misses", null, Day(2), PromiseTurn.Missed },
        { "no account before, and it keeps", null, Day(0), null },
        { "an account with no minute of data before counts as kept", Day(0, minutes: 0), Day(2), PromiseTurn.Missed },
        { "no account now", Day(2), null, null },
        { "no minute of data now: nothing to judge", Day(2), Day(0, minutes: 0), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Between_TwoAccounts_TellsOnlyATurn(string name, PromiseAccount? previous, PromiseAccount? current, PromiseTurn? turn)
    {
        var change = PromiseWatch.Between(previous, current);

        change?.Turn.ShouldBe(turn!.Value, name);
        (change is null).ShouldBe(turn is null, name);
    }

    [Fact]
    public void Between_Missed_NamesThePlanMinimumWhereTheLearningNamedOne()
    {
        var named = PromiseWatch.Between(Day(0), Day(3), minimumToKeepBudget: 7)!;
        var none = PromiseWatch.Between(Day(0), Day(3))!;

        named.MinimumToKeepBudget.ShouldBe(7);
        named.Message.ShouldEndWith("; a plan minimum of 7 instances would have kept it on the history learned from");
        none.Message.ShouldBe($"the promise is missed: {Day(3).Summary}");
    }
}
