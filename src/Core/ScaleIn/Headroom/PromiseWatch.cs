using System.Globalization;
using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>Which way a plan's promise turned.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromiseTurn>))]
public enum PromiseTurn
{
    /// <summary>The minutes users felt on the history held went beyond the budget.</summary>
    Missed,

    /// <summary>They are back within it with room (<see cref="PromiseWatch.KeptAgainShare"/>): overloaded minutes left the history held, or it grew.</summary>
    KeptAgain,
}

/// <summary>A turn of the promise, with the account that turned it and a human line.</summary>
/// <param name="Turn">Missed or kept again.</param>
/// <param name="Account">The account now.</param>
/// <param name="MinimumToKeepBudget">Where a burst was beyond reach of any headroom, the plan minimum that would have kept the budget; null otherwise.</param>
/// <param name="Message">One human line.</param>
public sealed record PromiseChange(PromiseTurn Turn, PromiseAccount Account, int? MinimumToKeepBudget, string Message);

/// <summary>
/// Tells the operator when a plan's promise turns (pure). The sweep carries the promise as last told from decision to
/// decision (<see cref="ScaleInDecision.PromiseKept"/>) and compares the account its learning made with it. The account
/// changes once an hour (with the learning), so a turn is told once; and a promise told missed is told kept again only
/// once the overloaded minutes are back under <see cref="KeptAgainShare"/> of what the budget allows, so a plan whose
/// minutes hover at the budget (one ages out of the history held as another comes) is not told each hour. A plan whose
/// first account already misses the budget is told too: nothing before it said the promise was kept.
/// </summary>
public static class PromiseWatch
{
    /// <summary>Share of the allowed minutes a missed promise must be back under to be told kept again.</summary>
    public const double KeptAgainShare = 0.9;

    /// <summary>The turn from the promise as last told to the account now, or null when it stands (or nothing is known yet).</summary>
    /// <param name="toldKept">The promise as last told (null: never told, taken as kept).</param>
    /// <param name="current">The account now; null when the decision carried none.</param>
    /// <param name="minimumToKeepBudget">The plan minimum the learning named to keep the budget, if any.</param>
    /// <param name="held">The plan minimum Seamless holds for the promise (<see cref="PromiseFloor"/>) and until when, if any.</param>
    /// <returns>The turn, or null.</returns>
    public static PromiseChange? Between(bool? toldKept, PromiseAccount? current, int? minimumToKeepBudget = null, (int Instances, DateTimeOffset Until)? held = null)
    {
        if (current is null || current.Minutes == 0)
        {
            return null;
        }

        if (toldKept is not false)
        {
            if (current.Kept)
            {
                return null;
            }

            var minimum = minimumToKeepBudget is { } m ? $"; a plan minimum of {m} instances would have kept it on the history learned from" : string.Empty;
            var holding = held is { } h ? string.Create(CultureInfo.InvariantCulture, $"; Seamless holds {h.Instances} instances until {h.Until:yyyy-MM-dd HH:mm}Z (HoldMinimumToKeepBudget)") : string.Empty;
            return new PromiseChange(PromiseTurn.Missed, current, minimumToKeepBudget, $"the promise is missed: {current.Summary}{minimum}{holding}");
        }

        return current.OverloadedMinutes <= (KeptAgainShare * current.BudgetPercent / 100 * current.Minutes) + 1e-9
            ? new PromiseChange(PromiseTurn.KeptAgain, current, null, $"the promise is kept again: {current.Summary}")
            : null;
    }

    /// <summary>The promise as told after a sweep: what a turn told, else what was told before, else what the account says.</summary>
    /// <param name="toldKept">The promise as last told.</param>
    /// <param name="change">This sweep's turn, if any.</param>
    /// <param name="current">The account now.</param>
    /// <returns>True kept, false missed, null while nothing has been accounted.</returns>
    public static bool? Told(bool? toldKept, PromiseChange? change, PromiseAccount? current) => change?.Turn switch
    {
        PromiseTurn.Missed => false,
        PromiseTurn.KeptAgain => true,
        _ => toldKept ?? (current is { Minutes: > 0 } ? current.Kept : null),
    };
}
