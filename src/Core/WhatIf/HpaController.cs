namespace Seamless.Core.WhatIf;

/// <summary>
/// Kubernetes HPA (autoscaling/v2 defaults, anchors-digest §2.8) on CPU: target 60 %,
/// desired = ceil(N × utilisation / target), no change within 10 % tolerance, scale-down
/// stabilisation 300 s (the highest recommendation of the last 5 minutes), scale-up immediate.
/// Instances still provisioning count as 0 % when scaling up and as at-target when scaling down, as
/// HPA treats not-ready pods. Evaluated every minute (HPA syncs every 15 s).
/// </summary>
internal sealed class HpaController(int min, int max) : IReplayController
{
    public const double Target = 60;
    public const double Tolerance = 0.1;
    public const int StabilisationMinutes = 5;

    private readonly Queue<(int Minute, int Desired)> _recommendations = new();

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        var serving = history.Serving[minute];
        var readyRatio = history.Cpu[minute] / Target;
        var unready = billed - serving;
        var ratio = readyRatio > 1
            ? readyRatio * serving / billed
            : ((readyRatio * serving) + unready) / billed;
        // Within tolerance, or the not-ready correction reverses the direction: no change.
        var unchanged = Math.Abs(ratio - 1) <= Tolerance || (readyRatio > 1) != (ratio > 1);
        var desired = unchanged ? billed : (int)Math.Ceiling(billed * ratio);
        desired = Math.Clamp(desired, min, max);

        _recommendations.Enqueue((minute, desired));
        while (_recommendations.Peek().Minute <= minute - StabilisationMinutes)
        {
            _recommendations.Dequeue();
        }

        return desired > billed ? desired : Math.Min(billed, _recommendations.Max(r => r.Desired));
    }
}
