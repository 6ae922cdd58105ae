using Microsoft.Extensions.Logging.Abstractions;

namespace Seamless.Durable.Tests;

/// <summary>Tests of the activity workers' bookkeeping that <see cref="DurableEngine.NextWorkAt"/> reads.</summary>
public sealed class ActivityDispatcherTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "seamless-dispatch-" + Guid.NewGuid().ToString("N")[..12]);

    public ActivityDispatcherTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Complete_ActivityCommitted_NoLongerCountedAsExecuting()
    {
        // Arrange: one queued activity; the completion callback (which wakes the orchestration that queues the next
        // activity) reads what NextWorkAt reads. Still counted as executing there, the finished activity would hide the
        // next one from the report while a worker opens it: an engine that looks quiet to a virtual clock.
        var options = new DurableEngineOptions { DataDirectory = _directory };
        using var store = new SqliteDurableStore(options.DatabasePath, fullSync: false);
        store.RunInTransaction((c, t) =>
        {
            using var insert = c.CreateCommand();
            insert.Transaction = t;
            insert.CommandText = "INSERT INTO activities(instance_id, execution_id, task_id, name, input) VALUES ('i', 'x', 0, 'Double', '3')";
            return insert.ExecuteNonQuery();
        });
        var registry = new DurableTaskRegistry();
        registry.AddActivityFunc<int, int>("Double", (_, x) => x * 2);
        var atCompletion = new TaskCompletionSource<(int Executing, long Queued)>(TaskCreationOptions.RunContinuationsAsynchronously);
        ActivityDispatcher? dispatcher = null;
        using var wake = new Signal();
        dispatcher = new ActivityDispatcher(
            store,
            new TaskCatalog(registry),
            new EmptyServices(),
            TimeProvider.System,
            NullLoggerFactory.Instance,
            options,
            wake,
            () => atCompletion.TrySetResult((dispatcher!.Executing, store.ReadWorkSummary().Activities)));
        using var stop = new CancellationTokenSource();

        // Act
        var running = Task.Run(() => dispatcher.RunAsync(stop.Token));
        var (executing, queued) = await atCompletion.Task.WaitAsync(EngineHarness.WaitLimit);
        await stop.CancelAsync();
        await running;

        // Assert
        queued.ShouldBe(0, "the result is committed: the work item has left the queue");
        executing.ShouldBe(0, "a committed activity no longer counts as executing");
        dispatcher.Executing.ShouldBe(0);
        store.ReadVisibleMessages(DateTime.MaxValue, 10).ShouldHaveSingleItem().Event.EventType.ShouldBe(HistoryEventType.TaskCompleted);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
