using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Workflows.Ports;

namespace Seamless.Durable;

/// <summary>
/// The embedded durable engine: event-sourced orchestration history in SQLite, replayed on every
/// episode; persisted activity and timer queues; crash-safe (every episode commits atomically).
/// Hosts register it with <see cref="DurableServiceCollectionExtensions.AddSeamlessDurableEngine"/>;
/// tests and tools can construct, start and stop it directly.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly DurableEngineOptions _options;
    private readonly SqliteDurableStore _store;
    private readonly Signal _orchestrationWake = new();
    private readonly Signal _activityWake = new();
    private readonly ChangeNotifier _changes = new();
    private readonly OrchestrationDispatcher _orchestrations;
    private readonly ActivityDispatcher _activities;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stopping;
    private Task? _running;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="DurableEngine"/> class and opens (or creates) its database.</summary>
    /// <param name="options">Engine options (validated here).</param>
    /// <param name="registry">Orchestrators and activities by name (the same registry the Durable worker runs).</param>
    /// <param name="services">Root provider activities are resolved from (a scope per execution); none when null.</param>
    /// <param name="timeProvider">The clock for timers and timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Logger factory; none when null.</param>
    public DurableEngine(
        DurableEngineOptions options,
        DurableTaskRegistry registry,
        IServiceProvider? services = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        DurableEngineOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = logs.CreateLogger("Seamless.Durable.DurableEngine");
        _store = new SqliteDurableStore(options.DatabasePath, options.SynchronousFull);
        var catalog = new TaskCatalog(registry);
        var provider = services ?? EmptyServiceProvider.Instance;
        _orchestrations = new OrchestrationDispatcher(_store, catalog, provider, time, logs, options, _orchestrationWake, OnEpisodesCommitted);
        _activities = new ActivityDispatcher(
            _store, catalog, provider, time, logs, options, _activityWake, OnActivityCompleted);
        Client = new DurableOrchestrationClient(_store, time, options, _changes, _orchestrationWake.Set);
        StateStore = new SqliteStateStore(_store);
    }

    /// <summary>Gets the client for starting, querying, signalling and purging instances.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Gets the key-value store kept in the same database.</summary>
    public IStateStore StateStore { get; }

    /// <summary>Gets the database file path.</summary>
    public string DatabasePath => _store.DatabasePath;

    /// <summary>Gets a value indicating whether the dispatchers are running.</summary>
    public bool IsRunning => _running is not null;

    /// <summary>
    /// Returns when the engine next has work: at or before now when a message can run or a queued activity
    /// waits for a free worker, the visible time of the earliest timer or scheduled start otherwise, null
    /// when nothing is queued or the engine is not running. A virtual clock reads it to know when the
    /// engine is quiet and how far time may jump.
    /// </summary>
    public DateTimeOffset? NextWorkAt()
    {
        if (!IsRunning)
        {
            return null;
        }

        var (next, activities) = _store.ReadWorkSummary();
        int executing = _activities.Executing;
        if (activities > executing && executing < _options.ActivityWorkerCount)
        {
            return DateTimeOffset.MinValue;
        }

        return next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>Wakes the dispatchers now (e.g. when a simulated clock has jumped past a timer) instead of at their next poll.</summary>
    public void Wake()
    {
        _orchestrationWake.Set();
        _activityWake.Set();
    }

    /// <summary>Creates and starts an engine on <paramref name="dataDirectory"/> (for tests and tools).</summary>
    public static async Task<DurableEngine> StartNewAsync(
        string dataDirectory,
        DurableTaskRegistry registry,
        Action<DurableEngineOptions>? configure = null,
        IServiceProvider? services = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = new DurableEngineOptions { DataDirectory = dataDirectory };
        configure?.Invoke(options);
        var engine = new DurableEngine(options, registry, services, timeProvider, loggerFactory);
        await engine.StartAsync();
        return engine;
    }

    /// <summary>Starts the dispatchers; instances left in flight by a previous process resume.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running is not null)
            {
                return Task.CompletedTask;
            }

            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _running = Task.WhenAll(
                Task.Run(() => _orchestrations.RunAsync(token), CancellationToken.None),
                Task.Run(() => _activities.RunAsync(token), CancellationToken.None));
        }

        Logs.EngineStarted(_logger, _store.DatabasePath, _options.ActivityWorkerCount);
        return Task.CompletedTask;
    }

    /// <summary>Stops the dispatchers; running activities are cancelled and stay queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? running;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            running = _running;
            stopping = _stopping;
            _running = null;
            _stopping = null;
        }

        if (running is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        finally
        {
            stopping.Dispose();
        }

        Logs.EngineStopped(_logger);
    }

    /// <summary>Gets the current execution's history of an instance (empty when unknown).</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return Task.FromResult<IReadOnlyList<HistoryEvent>>(_store.GetHistory(instanceId));
    }

    /// <summary>Stops the engine and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _store.Dispose();
        _orchestrationWake.Dispose();
        _activityWake.Dispose();
    }

    private void OnEpisodesCommitted(bool activitiesQueued)
    {
        if (activitiesQueued)
        {
            _activityWake.Set();
        }

        _changes.Notify();
    }

    private void OnActivityCompleted() => _orchestrationWake.Set();

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
