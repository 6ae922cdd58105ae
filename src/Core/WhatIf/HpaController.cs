namespace Seamless.Core.WhatIf;

/// <summary>
/// Kubernetes HPA (autoscaling/v2, anchors-digest §2.8) on CPU: desired = ceil(N × utilisation / target),
/// no change within the tolerance, scale-down stabilisation (the highest recommendation of the window),
/// scale-up immediate. Instances still provisioning count as 0 % when scaling up and as at-target when
/// scaling down, as HPA treats not-ready pods. Evaluated every minute (HPA syncs every 15 s).
/// </summary>
internal sealed class HpaController(int min, int max, HpaSettings settings) : IReplayController
{
    private readonly Queue<(int Minute, int Desired)> _recommendations = new();

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        var serving = history.Serving[minute];
        var readyRatio = history.Cpu[minute] / settings.TargetUtilisation;
        var unready = billed - serving;
        var ratio = readyRatio > 1
            ? readyRatio * serving / billed
            : ((readyRatio * serving) + unready) / billed;
        // Within tolerance, or the not-ready correction reverses the direction: no change.
        var unchanged = Math.Abs(ratio - 1) <= settings.Tolerance || (readyRatio > 1) != (ratio > 1);
        var desired = unchanged ? billed : (int)Math.Ceiling(billed * ratio);
        desired = Math.Clamp(desired, min, max);

        _recommendations.Enqueue((minute, desired));
        while (_recommendations.Peek().Minute <= minute - settings.StabilisationMinutes)
        {
            _recommendations.Dequeue();
        }

        if (desired > billed)
        {
            return desired;
        }

        var highest = 0;
        foreach (var (_, recommended) in _recommendations)
        {
            highest = Math.Max(highest, recommended);
        }

        return Math.Min(billed, highest);
    }
}
