namespace Seamless.Simulator.Model;

/// <summary>How an ARM write ended in the model.</summary>
internal enum WriteOutcome
{
    /// <summary>Applied at once.</summary>
    Done,

    /// <summary>A long-running operation started (<see cref="WriteResult.Lro"/>).</summary>
    Started,

    /// <summary>Refused: another operation is in progress or the resource is in a conflicting state.</summary>
    Conflict,

    /// <summary>Refused: the request is invalid.</summary>
    Invalid,
}

/// <summary>
/// The verdict of an ARM write on the model, free of HTTP and JSON: the Http layer maps it to ARM's answer
/// (200 with the resource, 202 with polling headers, 409 or 400 with ARM's error shape).
/// </summary>
/// <param name="Outcome">How the write ended.</param>
/// <param name="Code">ARM's error code when refused.</param>
/// <param name="Message">ARM's error message when refused (null: the platform's default for the outcome).</param>
/// <param name="Lro">The long-running operation when started.</param>
internal sealed record WriteResult(WriteOutcome Outcome, string? Code = null, string? Message = null, LroModel? Lro = null)
{
    public static WriteResult Done { get; } = new(WriteOutcome.Done);

    public static WriteResult Started(LroModel lro) => new(WriteOutcome.Started, Lro: lro);

    public static WriteResult Conflict(string? message = null) => new(WriteOutcome.Conflict, "Conflict", message);

    public static WriteResult Invalid(string message, string code = "BadRequest") => new(WriteOutcome.Invalid, code, message);
}
