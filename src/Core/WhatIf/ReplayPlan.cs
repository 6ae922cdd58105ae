namespace Seamless.Core.WhatIf;

/// <summary>
/// A simulated plan: billed instances, each serving from its ready minute on. A scale-out decided at the
/// end of minute t is billed from t + 1 and serves from t + 1 + delay; a scale-in removes instances
/// from t + 1, the ones still provisioning first.
/// </summary>
internal sealed class ReplayPlan
{
    private readonly List<int> _readyAt;
    private readonly int _delay;

    public ReplayPlan(int start, int delay)
    {
        _readyAt = Enumerable.Repeat(0, start).ToList();
        _delay = delay;
    }

    public int Billed => _readyAt.Count;

    public int ServingAt(int minute)
    {
        var serving = _readyAt.Count;
        for (var i = _readyAt.Count - 1; i >= 0 && _readyAt[i] > minute; i--)
        {
            serving--;
        }

        return serving;
    }

    public void ScaleTo(int target, int minute)
    {
        while (_readyAt.Count < target)
        {
            _readyAt.Add(minute + 1 + _delay);
        }

        if (_readyAt.Count > target)
        {
            _readyAt.RemoveRange(target, _readyAt.Count - target);
        }
    }
}

/// <summary>What a replayed policy can see: per-minute metrics up to the current minute, as Azure Monitor would report them.</summary>
internal sealed class ReplayHistory
{
    public ReplayHistory(IReadOnlyList<double> demand, double perInstance)
    {
        Demand = demand;
        PerInstance = perInstance;
        Cpu = new double[demand.Count];
        Utilisation = new double[demand.Count];
        Serving = new int[demand.Count];
        Billed = new int[demand.Count];
    }

    public IReadOnlyList<double> Demand { get; }

    public double PerInstance { get; }

    /// <summary>Plan CPU % as the platform reports it: utilisation of the serving instances, capped at 100.</summary>
    public double[] Cpu { get; }

    /// <summary>True utilisation (uncapped; above 1 = demand the serving instances cannot carry).</summary>
    public double[] Utilisation { get; }

    public int[] Serving { get; }

    public int[] Billed { get; }

    public void Record(int minute, int billed, int serving)
    {
        Billed[minute] = billed;
        Serving[minute] = serving;
        var utilisation = Demand[minute] / (Math.Max(1, serving) * PerInstance);
        Utilisation[minute] = utilisation;
        Cpu[minute] = Math.Min(100, utilisation * 100);
    }

    public double MeanCpu(int from, int to) => Mean(Cpu, from, to);

    /// <summary>Share of requests the serving instances could not take (the replay's 5xx rate), percent.</summary>
    public double OverflowPercent(int minute) => Utilisation[minute] > 1 ? (1 - (1 / Utilisation[minute])) * 100 : 0;

    /// <summary>Demand beyond the serving capacity, per serving instance (the replay's HTTP queue per instance).</summary>
    public double QueuePerInstance(int minute) =>
        Math.Max(0, Demand[minute] - (Serving[minute] * PerInstance)) / Math.Max(1, Serving[minute]);

    /// <summary>Instances' worth of CPU in use as the metrics show it: CPU % × serving / 100.</summary>
    public double Busy(int minute) => Cpu[minute] * Serving[minute] / 100;

    private static double Mean(double[] values, int from, int to)
    {
        from = Math.Max(0, from);
        var sum = 0.0;
        for (var i = from; i <= to; i++)
        {
            sum += values[i];
        }

        return to >= from ? sum / (to - from + 1) : 0;
    }
}

/// <summary>A reactive policy: at the end of each minute, the capacity it asks for.</summary>
internal interface IReplayController
{
    int Decide(int minute, ReplayHistory history, int billed);
}
