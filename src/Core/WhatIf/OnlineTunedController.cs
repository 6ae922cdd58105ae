namespace Seamless.Core.WhatIf;

/// <summary>
/// Replays a peer family re-tuned online (<see cref="OnlineTunedPolicy"/>): at every multiple of the re-tuning interval
/// each setting of the grid is replayed on the demand seen so far (from the trace's start to the minute before, from the
/// plan's starting size, never a later minute), and the cheapest that kept the budget there takes over; when none kept
/// it, the one that overloaded least. The setting that takes over is shown the last <see cref="WarmMinutes"/> minutes as
/// they happened first, so its stabilisation window or cooldown starts where the plan is, not from nothing.
/// Deterministic: the settings are scored in parallel and chosen in grid order (ties: fewer overloaded minutes, then the
/// earlier setting), as <see cref="PeerTuner"/> chooses with hindsight.
/// </summary>
/// <typeparam name="TSettings">The family's settings.</typeparam>
internal sealed class OnlineTunedController<TSettings> : IReplayController
    where TSettings : notnull
{
    /// <summary>Minutes as they happened a setting that takes over is shown before it decides.</summary>
    public const int WarmMinutes = 60;

    private readonly IReadOnlyList<TSettings> _grid;
    private readonly Func<TSettings, IReplayController> _controller;
    private readonly CapacityModel _model;
    private readonly double _budgetPercent;
    private readonly int _retuneMinutes;
    private IReplayController _current;

    /// <param name="grid">The family's settings.</param>
    /// <param name="initial">The setting that serves until the first re-tuning (the family's default).</param>
    /// <param name="controller">A fresh controller of a setting.</param>
    /// <param name="model">The capacity model the settings are replayed on.</param>
    /// <param name="budgetPercent">The overload budget each setting must keep on the history.</param>
    /// <param name="retuneMinutes">Minutes between re-tunings.</param>
    public OnlineTunedController(IReadOnlyList<TSettings> grid, TSettings initial, Func<TSettings, IReplayController> controller, CapacityModel model, double budgetPercent, int retuneMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retuneMinutes, 1);
        _grid = grid;
        _controller = controller;
        _model = model;
        _budgetPercent = budgetPercent;
        _retuneMinutes = retuneMinutes;
        _current = controller(initial);
        Settings.Add((0, initial));
    }

    /// <summary>Gets each setting that served and the minute it took over (the first is the initial one, at minute 0).</summary>
    public List<(int FromMinute, TSettings Setting)> Settings { get; } = [];

    /// <summary>Gets how many times the family was re-tuned.</summary>
    public int Retunings { get; private set; }

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        if (minute > 0 && minute % _retuneMinutes == 0)
        {
            Retunings++;
            var chosen = Choose(history.Demand, minute);
            if (!EqualityComparer<TSettings>.Default.Equals(chosen, Settings[^1].Setting))
            {
                _current = _controller(chosen);
                for (var seen = Math.Max(0, minute - WarmMinutes); seen < minute; seen++)
                {
                    _current.Decide(seen, history, history.Billed[seen]);
                }

                Settings.Add((minute, chosen));
            }
        }

        return _current.Decide(minute, history, billed);
    }

    private TSettings Choose(IReadOnlyList<double> demand, int minute)
    {
        var seen = new Trace("seen", [.. demand.Take(minute)], 1, minute, string.Empty);
        var (instanceMinutes, overload) = PeerTuner.Score(_grid, _controller, seen, _model);
        return _grid[PeerTuner.Cheapest(instanceMinutes, overload, _budgetPercent * minute / 100).Index];
    }
}
