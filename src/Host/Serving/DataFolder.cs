using System.Globalization;
using System.Text.Json;
using Seamless.Durable;

namespace Seamless.Host.Serving;

/// <summary>
/// A data folder owned by this process: an exclusive OS lock on <see cref="LockFileName"/> held for the
/// process's lifetime (the OS drops it on exit, SIGKILL included), so two hosts can never run each
/// other's work; and the Azure scope the folder was created for (<see cref="ScopeFileName"/>), so a
/// later host for another Azure is refused instead of acting on this folder's work there.
/// </summary>
public sealed class DataFolder : IDisposable
{
    /// <summary>The file locked (FileShare.None: flock on Unix, a sharing lock on Windows) while a process owns the folder.</summary>
    public const string LockFileName = "seamless.lock";

    /// <summary>Who owns the folder (process id, machine, start), for the message another process prints; the lock itself is the truth.</summary>
    public const string OwnerFileName = "owner.json";

    /// <summary>The Azure scope the folder belongs to.</summary>
    public const string ScopeFileName = "scope.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly FileStream _lock;
    private bool _disposed;

    private DataFolder(string path, FileStream lockStream)
    {
        FullPath = path;
        _lock = lockStream;
    }

    /// <summary>Gets the default folder of <c>seamless serve</c>: <c>~/.seamless/default</c> (per user, whatever the working directory).</summary>
    public static string DefaultPath { get; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home
        ? Path.Combine(home, ".seamless", "default")
        : Path.Combine(Environment.CurrentDirectory, ".seamless");

    /// <summary>Gets the absolute path of the folder.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Creates the folder if needed (owner-only) and takes its lock; throws <see cref="DataFolderException"/>
    /// naming the folder and the owning process when another process holds it.
    /// </summary>
    public static DataFolder Acquire(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        OwnerOnlyFiles.CreateDirectory(full);
        FileStream stream;
        try
        {
            stream = OwnerOnlyFiles.OpenOrCreate(Path.Combine(full, LockFileName), FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw new DataFolderException($"data folder '{full}' is in use by {DescribeOwner(full)}; stop it or pass another --data folder", ex);
        }

        var folder = new DataFolder(full, stream);
        try
        {
            var owner = new DataFolderOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
            OwnerOnlyFiles.WriteAllText(Path.Combine(full, OwnerFileName), JsonSerializer.Serialize(owner, Json));
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the host's scope against the one recorded (see <see cref="DataScope.Check"/>); throws
    /// <see cref="DataFolderException"/> naming both when refused. Nothing is written: call
    /// <see cref="RecordScope"/> once the host has started, so a host that fails to start binds nothing.
    /// </summary>
    public DataScopeVerdict CheckScope(DataScope current)
    {
        ArgumentNullException.ThrowIfNull(current);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var verdict = DataScope.Check(ReadScope(), current, FullPath);
        return verdict.Outcome == DataScopeOutcome.Refused ? throw new DataFolderException(verdict.Message) : verdict;
    }

    /// <summary>Records the scope of a verdict that is new or extended.</summary>
    public void RecordScope(DataScopeVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (verdict.Outcome is DataScopeOutcome.New or DataScopeOutcome.Extended)
        {
            OwnerOnlyFiles.WriteAllText(Path.Combine(FullPath, ScopeFileName), JsonSerializer.Serialize(verdict.Scope, Json));
        }
    }

    /// <summary>Reads the recorded scope, or null when the folder has none yet.</summary>
    public DataScope? ReadScope()
    {
        string file = Path.Combine(FullPath, ScopeFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var scope = JsonSerializer.Deserialize<DataScope>(File.ReadAllText(file), Json);
            return scope is { Endpoint.Length: > 0 } ? DataScope.Create(scope.Endpoint, scope.Subscriptions ?? []) : throw new JsonException("no endpoint");
        }
        catch (JsonException ex)
        {
            throw new DataFolderException($"data folder '{FullPath}' has an unreadable {ScopeFileName} ({ex.Message}); restore it or pass another --data folder", ex);
        }
    }

    /// <summary>Releases the folder (the owner note first, then the lock, so a successor never sees our note).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            File.Delete(Path.Combine(FullPath, OwnerFileName));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _lock.Dispose();
    }

    private static string DescribeOwner(string folder)
    {
        try
        {
            var owner = JsonSerializer.Deserialize<DataFolderOwner>(File.ReadAllText(Path.Combine(folder, OwnerFileName)), Json);
            if (owner is not null && owner.ProcessId > 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"process {owner.ProcessId} on {owner.Machine} (since {owner.StartedAt:u})");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // The owner note is a courtesy: the lock alone decides.
        }

        return "another process";
    }
}

/// <summary>The owner note of a data folder.</summary>
/// <param name="ProcessId">The owning process.</param>
/// <param name="Machine">Its machine.</param>
/// <param name="StartedAt">When it took the folder.</param>
public sealed record DataFolderOwner(int ProcessId, string Machine, DateTimeOffset StartedAt);

/// <summary>A data folder that this process may not use; the message is one line for the user.</summary>
public sealed class DataFolderException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="DataFolderException"/> class.</summary>
    public DataFolderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataFolderException"/> class.</summary>
    public DataFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataFolderException"/> class.</summary>
    public DataFolderException()
    {
    }
}
