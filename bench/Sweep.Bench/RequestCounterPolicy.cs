using Azure.Core;
using Azure.Core.Pipeline;

namespace Seamless.Sweep.Bench;

/// <summary>Counts every HTTP attempt the pipeline sends (retries included): ARM metric reads, getBatch calls and the other ARM calls.</summary>
internal sealed class RequestCounterPolicy : HttpPipelineSynchronousPolicy
{
    private int _armMetrics;
    private int _batches;
    private int _arm;

    public Calls Snapshot() => new(Volatile.Read(ref _arm), Volatile.Read(ref _armMetrics), Volatile.Read(ref _batches));

    public override void OnSendingRequest(HttpMessage message)
    {
        string path = message.Request.Uri.Path;
        if (path.EndsWith("/metrics:getBatch", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _batches);
        }
        else if (path.EndsWith("/providers/Microsoft.Insights/metrics", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _armMetrics);
        }
        else
        {
            Interlocked.Increment(ref _arm);
        }
    }

    /// <summary>Calls by kind: other ARM reads, ARM metric reads, data-plane getBatch calls.</summary>
    internal readonly record struct Calls(int Arm, int ArmMetrics, int Batches)
    {
        public int Total => Arm + ArmMetrics + Batches;

        public static Calls operator -(Calls a, Calls b) => new(a.Arm - b.Arm, a.ArmMetrics - b.ArmMetrics, a.Batches - b.Batches);
    }
}
