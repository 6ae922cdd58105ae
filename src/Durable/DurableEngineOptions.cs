using System.ComponentModel.DataAnnotations;

namespace Seamless.Durable;

/// <summary>Options of the embedded durable engine; validated when the engine starts (<see cref="DurableEngineOptionsValidator"/>).</summary>
public sealed class DurableEngineOptions
{
    /// <summary>The database file created in <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "seamless.db";

    /// <summary>Default number of concurrent activity executions.</summary>
    public const int DefaultActivityWorkerCount = 4;

    /// <summary>Default number of episodes committed together.</summary>
    public const int DefaultMaxEpisodesPerBatch = 100;

    /// <summary>Default real-time polling interval for due timers and external writes.</summary>
    public static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets the directory holding <see cref="DatabaseFileName"/> (required, not blank).</summary>
    [Required]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the number of activity workers (1–256).</summary>
    [Range(1, 256)]
    public int ActivityWorkerCount { get; set; } = DefaultActivityWorkerCount;

    /// <summary>Gets or sets how often (real time) the dispatchers look for due timers and messages written by other processes (&gt; 0, ≤ 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.0000001", "00:01:00")]
    public TimeSpan PollingInterval { get; set; } = DefaultPollingInterval;

    /// <summary>Gets or sets the maximum number of episodes committed in one transaction (1–1000).</summary>
    [Range(1, 1000)]
    public int MaxEpisodesPerBatch { get; set; } = DefaultMaxEpisodesPerBatch;

    /// <summary>
    /// Gets or sets a value indicating whether every commit is fsynced (SQLite synchronous=FULL). The
    /// default (false) is WAL with synchronous=NORMAL: nothing committed is lost when the process is
    /// killed; on power loss the last commits may be lost, but the database stays consistent.
    /// </summary>
    public bool SynchronousFull { get; set; }

    /// <summary>Gets the database path.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);
}
