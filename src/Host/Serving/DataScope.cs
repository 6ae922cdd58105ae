using Microsoft.Extensions.Configuration;
using Seamless.Azure;
using Seamless.Core.Resources;

namespace Seamless.Host.Serving;

/// <summary>How a host's Azure scope compares with the one its data folder was created for.</summary>
public enum DataScopeOutcome
{
    /// <summary>The folder has no scope yet: this one is recorded.</summary>
    New,

    /// <summary>Same endpoint and subscriptions.</summary>
    Same,

    /// <summary>Same endpoint, every recorded subscription plus new ones: the union is recorded.</summary>
    Extended,

    /// <summary>Another endpoint, or a recorded subscription missing: the folder's work is not this host's.</summary>
    Refused,
}

/// <summary>The verdict of <see cref="DataScope.Check"/>.</summary>
/// <param name="Outcome">What to do.</param>
/// <param name="Scope">The scope to record (the union when extended).</param>
/// <param name="Message">One human line.</param>
public sealed record DataScopeVerdict(DataScopeOutcome Outcome, DataScope Scope, string Message);

/// <summary>
/// The Azure a data folder's work belongs to: the ARM endpoint (or the in-process simulator) and the
/// subscriptions of the managed resources. Orchestrations in the folder name resource ids, not
/// endpoints, so running them against another endpoint would write to another Azure.
/// </summary>
/// <param name="Endpoint">The normalised ARM endpoint, or <see cref="InProcessSimulator"/>.</param>
/// <param name="Subscriptions">Subscription ids (lower case, sorted, distinct).</param>
public sealed record DataScope(string Endpoint, IReadOnlyList<string> Subscriptions)
{
    /// <summary>The endpoint of <c>serve --simulate</c> (its port changes on every start).</summary>
    public const string InProcessSimulator = "simulator (in-process)";

    /// <summary>Creates a scope with a normalised endpoint and subscription list.</summary>
    public static DataScope Create(string endpoint, IEnumerable<string> subscriptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        ArgumentNullException.ThrowIfNull(subscriptions);
        string normalised = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant()
            : endpoint.Trim();
        return new DataScope(normalised, [.. subscriptions.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>The scope of a host: its ARM endpoint (or the in-process simulator) and the subscriptions of <c>Seamless:Managed</c>.</summary>
    public static DataScope FromConfiguration(IConfiguration configuration, bool inProcessSimulator)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string endpoint = inProcessSimulator
            ? InProcessSimulator
            : configuration[$"{AzureAccessOptions.SectionName}:{nameof(AzureAccessOptions.ArmEndpoint)}"] is { Length: > 0 } arm ? arm : AzureAccessOptions.DefaultArmEndpoint;
        var ids = configuration.GetSection("Seamless:Managed:Sites").GetChildren()
            .Concat(configuration.GetSection("Seamless:Managed:Plans").GetChildren())
            .Select(c => AzureResourceId.TryParse(c.Value, out _)?.SubscriptionId)
            .OfType<string>();
        return Create(endpoint, ids);
    }

    /// <summary>
    /// Compares the scope a folder records with the one a host runs with: same endpoint and every
    /// recorded subscription still present, else refused (adding a subscription is allowed; dropping
    /// one would leave its work in the folder to a host configured for another).
    /// </summary>
    public static DataScopeVerdict Check(DataScope? recorded, DataScope current, string folder)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (recorded is null)
        {
            return new DataScopeVerdict(DataScopeOutcome.New, current, $"data folder '{folder}' is now bound to {current}");
        }

        bool sameEndpoint = string.Equals(recorded.Endpoint, current.Endpoint, StringComparison.Ordinal);
        if (!sameEndpoint || !recorded.Subscriptions.All(current.Subscriptions.Contains))
        {
            return new DataScopeVerdict(
                DataScopeOutcome.Refused,
                recorded,
                $"data folder '{folder}' belongs to {recorded}, but this host is configured for {current}; pass another --data folder");
        }

        return recorded.Subscriptions.Count == current.Subscriptions.Count
            ? new DataScopeVerdict(DataScopeOutcome.Same, recorded, $"data folder '{folder}' belongs to {current}")
            : new DataScopeVerdict(DataScopeOutcome.Extended, current, $"data folder '{folder}' extended from {recorded} to {current}");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Endpoint} (subscriptions: {(Subscriptions.Count == 0 ? "none" : string.Join(", ", Subscriptions))})";
}
