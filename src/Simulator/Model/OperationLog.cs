using System.Globalization;

namespace Seamless.Simulator.Model;

/// <summary>
/// Every write operation (and faulted call) the simulator received, oldest first, and the long-running ones by id.
/// Ids are deterministic with the seed. Not thread-safe: only <see cref="SimulatorState"/> holds one, under its lock.
/// </summary>
internal sealed class OperationLog(int seed)
{
    private readonly List<OperationEntry> _entries = [];
    private readonly Dictionary<string, LroModel> _lros = new(StringComparer.OrdinalIgnoreCase);
    private long _next;

    /// <summary>Gets the entries as records, oldest first.</summary>
    public IReadOnlyList<SimOperation> Records => _entries.Select(o => o.ToRecord()).ToList();

    /// <summary>Appends an entry with a new id.</summary>
    public OperationEntry Add(string kind, string target, DateTimeOffset now, string result, int status, string? detail, bool faulted)
    {
        var entry = new OperationEntry
        {
            Id = NewId(),
            Kind = kind,
            Target = target,
            SimTime = now,
            Result = result,
            StatusCode = status,
            Detail = detail,
            Faulted = faulted,
        };
        _entries.Add(entry);
        return entry;
    }

    /// <summary>Starts a long-running operation for <paramref name="entry"/> (it shares the entry's id).</summary>
    public LroModel StartLro(string kind, string resourceId, DateTimeOffset now, DateTimeOffset completeAt, OperationEntry entry, PlanModel? plan = null)
    {
        var lro = new LroModel { Id = entry.Id, Kind = kind, ResourceId = resourceId, StartedAt = now, CompleteAt = completeAt, Entry = entry, Plan = plan };
        _lros[lro.Id] = lro;
        return lro;
    }

    /// <summary>Finds a long-running operation by id.</summary>
    public LroModel? FindLro(string id) => _lros.GetValueOrDefault(id);

    /// <summary>Completes a long-running operation and its log entry (failed when <paramref name="errorCode"/> is set).</summary>
    public static void Finish(LroModel lro, DateTimeOffset t, string? errorCode, string? errorMessage)
    {
        lro.CompleteAt = t;
        lro.Status = errorCode is null ? "Succeeded" : "Failed";
        lro.ErrorCode = errorCode;
        lro.ErrorMessage = errorMessage;
        lro.Entry.Result = lro.Status;
        lro.Entry.CompletedAt = t;
        if (errorMessage is not null)
        {
            lro.Entry.Detail = (lro.Entry.Detail is null ? string.Empty : lro.Entry.Detail + "; ") + errorMessage;
        }
    }

    private string NewId()
    {
        long n = ++_next;
        var g = Noise.HexId(seed, "op" + n.ToString(CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"{g[..8]}-{g[8..12]}-{g[12..16]}-{g[16..20]}-{g[20..32]}");
    }
}
