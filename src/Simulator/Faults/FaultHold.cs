namespace Seamless.Simulator.Faults;

/// <summary>
/// The release signal of one hold or lroHold rule: the rule's removal releases every call and long-running
/// operation it holds. Waiting calls never take the state's lock (they wait on a task the removal completes);
/// the deferred completions of held operations are run by the removal, under the lock.
/// </summary>
internal sealed class FaultHold
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Action<DateTimeOffset>> _onRelease = [];
    private int _holding;

    /// <summary>Gets how many calls or operations the rule holds now.</summary>
    public int Holding => Volatile.Read(ref _holding);

    /// <summary>Gets a value indicating whether the rule was removed.</summary>
    public bool IsReleased => _released.Task.IsCompleted;

    /// <summary>Holds a call until the rule is removed; a cancelled wait (the caller went away) throws and the call goes no further.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holding);
        try
        {
            await _released.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _holding);
        }
    }

    /// <summary>Counts a long-running operation as held until <see cref="EndOperation"/>; <paramref name="onRelease"/> runs at the removal (under the state's lock).</summary>
    public void BeginOperation(Action<DateTimeOffset> onRelease)
    {
        Interlocked.Increment(ref _holding);
        _onRelease.Add(onRelease);
    }

    /// <summary>A held long-running operation has completed.</summary>
    public void EndOperation() => Interlocked.Decrement(ref _holding);

    /// <summary>Releases the held calls and schedules the held operations' completion at <paramref name="now"/> (the caller holds the state's lock).</summary>
    public void Release(DateTimeOffset now)
    {
        if (!_released.TrySetResult())
        {
            return;
        }

        foreach (var action in _onRelease)
        {
            action(now);
        }

        _onRelease.Clear();
    }
}
