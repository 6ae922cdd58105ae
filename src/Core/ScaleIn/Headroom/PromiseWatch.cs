using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>Which way a plan's promise turned.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromiseTurn>))]
public enum PromiseTurn
{
    /// <summary>The minutes users felt on the history held went beyond the budget.</summary>
    Missed,

    /// <summary>They are back within it (the overloaded minutes left the history held, or the history grew).</summary>
    KeptAgain,
}

/// <summary>A turn of the promise, with the account that turned it and a human line.</summary>
/// <param name="Turn">Missed or kept again.</param>
/// <param name="Account">The account now.</param>
/// <param name="MinimumToKeepBudget">Where a burst was beyond reach of any headroom, the plan minimum that would have kept the budget; null otherwise.</param>
/// <param name="Message">One human line.</param>
public sealed record PromiseChange(PromiseTurn Turn, PromiseAccount Account, int? MinimumToKeepBudget, string Message);

/// <summary>
/// Tells the operator when a plan's promise turns (pure): the sweep compares the account its learning made with the one
/// the plan's previous decision carried. The account changes once an hour (with the learning), so a turn is told once.
/// A plan whose first account already misses the budget is told too: nothing before it said the promise was kept.
/// </summary>
public static class PromiseWatch
{
    /// <summary>The turn between two accounts, or null when the promise stands as it stood (or nothing is known yet).</summary>
    /// <param name="previous">The account the plan's previous decision carried; null when none did.</param>
    /// <param name="current">The account now; null when the decision carried none.</param>
    /// <param name="minimumToKeepBudget">The plan minimum the learning named to keep the budget, if any.</param>
    /// <returns>The turn, or null.</returns>
    public static PromiseChange? Between(PromiseAccount? previous, PromiseAccount? current, int? minimumToKeepBudget = null)
    {
        if (current is null || current.Minutes == 0)
        {
            return null;
        }

        var wasKept = previous is null || previous.Minutes == 0 || previous.Kept;
        if (wasKept == current.Kept)
        {
            return null;
        }

        if (current.Kept)
        {
            return new PromiseChange(PromiseTurn.KeptAgain, current, null, $"the promise is kept again: {current.Summary}");
        }

        var minimum = minimumToKeepBudget is { } m ? $"; a plan minimum of {m} instances would have kept it on the history learned from" : string.Empty;
        return new PromiseChange(PromiseTurn.Missed, current, minimumToKeepBudget, $"the promise is missed: {current.Summary}{minimum}");
    }
}
