using Microsoft.DurableTask;

namespace Seamless.Workflows.Orchestration;

/// <summary>
/// Gives an activity the cancellation token of the engine running it. The embedded engine's activity
/// context implements it (cancelled when the host stops); the Durable worker's does not, and its
/// activities run to completion, as Durable activities do.
/// </summary>
public interface IActivityCancellation
{
    /// <summary>Gets the token cancelled when the engine stops.</summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>
/// An activity as a <see cref="TaskActivity{TInput, TOutput}"/> over a port call: registered in a
/// <see cref="DurableTaskRegistry"/>, so the real Durable worker and the embedded engine run the same object.
/// </summary>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The output record.</typeparam>
/// <param name="run">The port call.</param>
public sealed class WorkflowActivity<TInput, TOutput>(Func<TInput, CancellationToken, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
{
    /// <inheritdoc />
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        run(input, (context as IActivityCancellation)?.CancellationToken ?? CancellationToken.None);
}
