namespace Seamless.Core.WhatIf;

/// <summary>
/// Azure Monitor autoscale with the documented example rule pair on plan CPU (anchors-digest §2.2):
/// out +1 when the 10-minute average is ≥ 80 %, in −1 when it is ≤ 60 %, 5-minute cooldown after
/// any action, and the flapping projection: a scale-in is skipped if average × N / (N − 1) would
/// reach the scale-out threshold. Evaluated every minute (the engine runs every 30–60 s).
/// </summary>
internal sealed class AzureAutoscaleController(int min, int max) : IReplayController
{
    public const double OutThreshold = 80;
    public const double InThreshold = 60;
    public const int WindowMinutes = 10;
    public const int CooldownMinutes = 5;

    private int _lastAction = int.MinValue / 2;

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        if (minute - _lastAction < CooldownMinutes)
        {
            return billed;
        }

        var average = history.MeanCpu(minute - WindowMinutes + 1, minute);
        var target = billed;
        if (average >= OutThreshold && billed < max)
        {
            target = billed + 1;
        }
        else if (average <= InThreshold && billed > min && average * billed / (billed - 1) < OutThreshold)
        {
            target = billed - 1;
        }

        if (target != billed)
        {
            _lastAction = minute;
        }

        return target;
    }
}
