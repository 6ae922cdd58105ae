using System.Text.Json;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.State;

/// <summary>The durable journal of every scale decision and action, per plan, newest last.</summary>
public sealed class DecisionJournal(IStateStore store)
{
    /// <summary>Largest page served.</summary>
    public const int MaxLimit = 500;

    /// <summary>Appends an entry; the key derives from the entry, so a re-run overwrites instead of duplicating.</summary>
    public async Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string key = StateKeys.JournalKey(AzureResourceId.Parse(entry.PlanId), entry.At, entry.InstanceId, entry.Kind);
        string json = WorkflowJson.Serialize(entry)!;
        var current = await store.GetAsync(key, cancellationToken);
        if (current?.Value != json)
        {
            await store.TryWriteAsync(key, json, current?.ETag, cancellationToken);
        }
    }

    /// <summary>
    /// The scale-in decision a <c>decision</c> entry records (its detail, as written or as read back from JSON); null for
    /// any other entry or a detail that is not one.
    /// </summary>
    public static ScaleInDecision? DecisionOf(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != "decision")
        {
            return null;
        }

        try
        {
            return entry.Detail switch
            {
                ScaleInDecision d => d,
                JsonElement e when e.ValueKind == JsonValueKind.Object => WorkflowJson.Deserialize<ScaleInDecision>(e.GetRawText()),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the latest entries of one plan (or of all plans), oldest first.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ListAsync(AzureResourceId? plan, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        string prefix = plan is null ? StateKeys.JournalRoot : StateKeys.JournalPrefix(plan);
        var items = await store.ListAsync(prefix, plan is null ? MaxLimit * 4 : limit, cancellationToken);
        var entries = items.Select(i => WorkflowJson.Deserialize<JournalEntry>(i.Value)!);
        return plan is null
            ? [.. entries.OrderBy(e => e.At).TakeLast(limit)]
            : [.. entries];
    }
}
