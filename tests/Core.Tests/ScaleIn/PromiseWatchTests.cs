using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>When a plan's promise turns (<see cref="PromiseWatch"/>).</summary>
public sealed class PromiseWatchTests
{
    private static readonly DateTimeOffset Through = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Ten days with data: 14.4 overloaded minutes allowed; told kept again at 12.96 or fewer.</summary>
    private static PromiseAccount Days(int overloaded, int minutes = 14_400) => new(0.1, Through.AddDays(-10), Through, minutes, overloaded, Math.Min(minutes, 1440), 0, null, null);

    public static TheoryData<string, bool?, PromiseAccount?, PromiseTurn?, bool?> Cases => new()
    {
        // name, the promise as last told, the account now, the turn told, the promise as told after
        { "kept, then beyond the budget", true, Days(15), PromiseTurn.Missed, false },
        { "kept, and at the budget", true, Days(14), null, true },
        { "missed, then within the budget but not back under nine tenths of it: not told yet", false, Days(13), null, false },
        { "missed, then back under nine tenths of the budget", false, Days(12), PromiseTurn.KeptAgain, true },
        { "missed, and still missed", false, Days(20), null, false },
        { "never told, and it misses", null, Days(15), PromiseTurn.Missed, false },
        { "never told, and it keeps", null, Days(3), null, true },
        { "never told, and nothing accounted yet", null, Days(0, minutes: 0), null, null },
        { "no account now", true, null, null, true },
        { "no minute of data now: nothing to judge", false, Days(0, minutes: 0), null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Between_TheToldPromiseAndTheAccountNow_TellsOnlyATurn(string name, bool? told, PromiseAccount? current, PromiseTurn? turn, bool? after)
    {
        var change = PromiseWatch.Between(told, current);

        (change is null).ShouldBe(turn is null, name);
        change?.Turn.ShouldBe(turn!.Value, name);
        PromiseWatch.Told(told, change, current).ShouldBe(after, name);
    }

    [Fact]
    public void Between_AnAccountHoveringAtTheBudget_IsToldMissedOnceAndKeptAgainOnlyWithRoom()
    {
        // An hour at a time: one overloaded minute comes as another ages out of the days held.
        int[] hourly = [14, 15, 14, 15, 14, 13, 12, 13, 15];
        bool? told = true;
        var turns = new List<string>();

        foreach (var overloaded in hourly)
        {
            var change = PromiseWatch.Between(told, Days(overloaded));
            told = PromiseWatch.Told(told, change, Days(overloaded));
            turns.Add(change?.Turn.ToString() ?? "-");
        }

        turns.ShouldBe(["-", "Missed", "-", "-", "-", "-", "KeptAgain", "-", "Missed"]);
    }

    [Fact]
    public void Between_Missed_NamesThePlanMinimumWhereTheLearningNamedOne()
    {
        var named = PromiseWatch.Between(true, Days(20), minimumToKeepBudget: 7)!;
        var none = PromiseWatch.Between(true, Days(20))!;

        named.MinimumToKeepBudget.ShouldBe(7);
        named.Message.ShouldEndWith("; a plan minimum of 7 instances would have kept it on the history learned from");
        none.Message.ShouldBe($"the promise is missed: {Days(20).Summary}");
    }

    [Fact]
    public void Between_MissedWhileSeamlessHoldsTheMinimum_SaysUntilWhen()
    {
        var held = PromiseWatch.Between(true, Days(20), minimumToKeepBudget: 7, held: (7, Through.AddDays(4)))!;

        held.Message.ShouldEndWith("would have kept it on the history learned from; Seamless holds 7 instances until 2025-03-14 14:00Z (HoldMinimumToKeepBudget)");
        PromiseWatch.Between(false, Days(20), 7, (7, Through.AddDays(4))).ShouldBeNull("told once per turn");
    }
}
