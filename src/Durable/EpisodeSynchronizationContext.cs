namespace Seamless.Durable;

/// <summary>
/// Single-threaded context for one episode: continuations of orchestrator awaits are queued and run
/// on the executor's thread, in the order history resolves them, as DurableTask's synchronous task
/// scheduler does. Posts after the episode closes (awaits on non-durable tasks) are dropped.
/// </summary>
internal sealed class EpisodeSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _gate = new();
    private bool _closed;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _queue.Enqueue((d, state));
            }
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous sends are not supported in orchestrations.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs queued continuations until none are left.</summary>
    public void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out item))
                {
                    return;
                }
            }

            item.Callback(item.State);
        }
    }

    /// <summary>Stops accepting continuations.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _queue.Clear();
        }
    }
}
