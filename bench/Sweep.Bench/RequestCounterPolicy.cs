using Azure.Core;
using Azure.Core.Pipeline;

namespace Seamless.Sweep.Bench;

/// <summary>Counts every HTTP attempt the pipeline sends (retries included), split into metric and other calls.</summary>
internal sealed class RequestCounterPolicy : HttpPipelineSynchronousPolicy
{
    private int _metricCalls;
    private int _otherCalls;

    public int MetricCalls => Volatile.Read(ref _metricCalls);

    public int OtherCalls => Volatile.Read(ref _otherCalls);

    public int Total => MetricCalls + OtherCalls;

    public override void OnSendingRequest(HttpMessage message)
    {
        string path = message.Request.Uri.Path;
        if (path.EndsWith("/metrics:getBatch", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/providers/Microsoft.Insights/metrics", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _metricCalls);
        }
        else
        {
            Interlocked.Increment(ref _otherCalls);
        }
    }
}
