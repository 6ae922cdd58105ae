namespace Seamless.Simulator.Model;

/// <summary>A logged operation (mutable until its long-running part completes). Guarded by the state's lock.</summary>
internal sealed class OperationEntry
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset SimTime { get; init; }

    public string Result { get; set; } = "Accepted";

    public int StatusCode { get; set; }

    public bool Faulted { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public SimOperation ToRecord() => new(Id, Kind, Target, SimTime, Result, StatusCode, Faulted, Detail, CompletedAt);
}

/// <summary>A long-running operation (swap, plan scale) polled through its operation URL.</summary>
internal sealed class LroModel
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>Gets the ARM id of the resource the operation runs on.</summary>
    public required string ResourceId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompleteAt { get; set; }

    public required OperationEntry Entry { get; init; }

    /// <summary>Gets or sets InProgress, Succeeded or Failed.</summary>
    public string Status { get; set; } = "InProgress";

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Gets the plan a scale runs on: polling a succeeded scale answers with the plan (others with the operation).</summary>
    public PlanModel? Plan { get; init; }
}
