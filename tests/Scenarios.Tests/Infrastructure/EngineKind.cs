namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>The two engines every scenario runs on.</summary>
public enum EngineKind
{
    /// <summary>The embedded SQLite engine of src/Durable.</summary>
    Embedded,

    /// <summary>The real Durable Task SDK worker and client over DTFx's executor (Microsoft.DurableTask.InProcessTestHost).</summary>
    Sdk,
}
