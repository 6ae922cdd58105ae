namespace Seamless.Core.WhatIf;

/// <summary>
/// Azure Monitor autoscale on plan CPU (anchors-digest §2.2) with one scale-out and one scale-in rule:
/// out +step when the window's average is ≥ the out threshold, in −step when it is ≤ the in threshold,
/// a cooldown after any action, and the flapping projection: a scale-in by k is taken only if
/// average × N / (N − k) stays below the out threshold; with a step above 1 the largest such k ≤ step is
/// taken, as the engine "scales by fewer instances" when the full step would flap. Evaluated every
/// minute (the engine runs every 30–60 s) on a 1-minute time grain.
/// </summary>
internal sealed class AzureAutoscaleController(int min, int max, AzureAutoscaleSettings settings) : IReplayController
{
    private int _lastAction = int.MinValue / 2;

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        if (minute - _lastAction < settings.CooldownMinutes)
        {
            return billed;
        }

        var average = history.MeanCpu(minute - settings.WindowMinutes + 1, minute);
        var target = billed;
        if (average >= settings.OutThreshold && billed < max)
        {
            target = Math.Min(max, billed + settings.Step);
        }
        else if (average <= settings.InThreshold && billed > min)
        {
            for (var k = Math.Min(settings.Step, billed - min); k >= 1; k--)
            {
                if (average * billed / (billed - k) < settings.OutThreshold)
                {
                    target = billed - k;
                    break;
                }
            }
        }

        if (target != billed)
        {
            _lastAction = minute;
        }

        return target;
    }
}
