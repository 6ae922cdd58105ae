namespace Seamless.Simulator.Model;

/// <summary>A write to a slot's <c>config/web</c>, as the model sees it.</summary>
internal sealed record WebConfigUpdate
{
    /// <summary>Gets the routing rules to set: null leaves them as they are, empty clears them.</summary>
    public IReadOnlyList<RampUpRule>? RampUpRules { get; init; }

    /// <summary>Gets a value indicating whether the write sets the health check path (to <see cref="HealthCheckPath"/>, null included).</summary>
    public bool SetsHealthCheckPath { get; init; }

    public string? HealthCheckPath { get; init; }

    /// <summary>Gets the other properties, as (name, raw JSON text) in the order written: stored and shown back, never read.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Echoed { get; init; } = [];
}
