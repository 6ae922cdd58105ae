using Seamless.Workflows;

namespace Seamless.Api.Handlers;

/// <summary>Finds the upgrade a route's <c>{id}</c> names, refusing a malformed id before the engine is asked.</summary>
internal static class UpgradeLookup
{
    /// <summary>The instance with inputs, outputs and custom status, or the 404 to answer.</summary>
    public static async Task<(OrchestrationMetadata? Metadata, ProblemHttpResult? Problem)> FindAsync(DurableTaskClient client, string? id, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsUpgrade(id))
        {
            return (null, Malformed());
        }

        var metadata = await client.GetInstanceAsync(id!, getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? (null, NotFound(id!)) : (metadata, null);
    }

    /// <summary>The 404 of an id no upgrade can have (<see cref="InstanceIds.UpgradePattern"/>).</summary>
    public static ProblemHttpResult Malformed() => ApiProblems.NotFound("No upgrade has this id.");

    /// <summary>The 404 of a well-formed id the engine does not know (or that is not an upgrade it can show).</summary>
    public static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound($"No upgrade '{id}'.");
}
