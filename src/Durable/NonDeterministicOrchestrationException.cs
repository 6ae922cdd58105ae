namespace Seamless.Durable;

/// <summary>
/// Replayed orchestrator code did not match the recorded history. Raised by the executor, never into
/// orchestrator code; the instance fails with this type as its FailureDetails.ErrorType.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>The message prefix DurableTask.Core uses.</summary>
    public const string MessagePrefix = "Non-Deterministic workflow detected: ";

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    public NonDeterministicOrchestrationException()
        : base(MessagePrefix.TrimEnd(' ', ':'))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    public NonDeterministicOrchestrationException(string detail)
        : base(MessagePrefix + detail)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    public NonDeterministicOrchestrationException(string detail, Exception innerException)
        : base(MessagePrefix + detail, innerException)
    {
    }
}
