namespace Seamless.Durable.TestWorker;

/// <summary>Input of one step: the idempotency key and the step number.</summary>
internal sealed record StepInput(string OperationId, int Index);

/// <summary>The side-effecting activity of the kill test.</summary>
internal static class KillSteps
{
    public const int Count = 5;

    public const string InstanceId = "kill-1";

    public static async Task<int> RunAsync(string work, StepInput input, CancellationToken cancellationToken)
    {
        // Every execution is counted; only the first creates the effect (keyed by operation id).
        await File.AppendAllTextAsync(Path.Combine(work, $"attempts-{input.Index}.log"), "x\n", cancellationToken);
        try
        {
            await using var effect = new FileStream(Path.Combine(work, $"effect-{input.OperationId}"), FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(Path.Combine(work, $"effect-{input.OperationId}")))
        {
            // Already applied by an earlier attempt: idempotent.
        }

        if (input.Index == 2)
        {
            await File.WriteAllTextAsync(Path.Combine(work, "step2.signal"), "ran", cancellationToken);
        }

        while (input.Index >= 3 && !File.Exists(Path.Combine(work, "release")))
        {
            await Task.Delay(20, cancellationToken);
        }

        return input.Index;
    }
}
