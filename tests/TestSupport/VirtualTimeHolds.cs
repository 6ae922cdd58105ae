using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Core.Time;
using Seamless.Host.Serving;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

namespace Seamless.TestSupport;

/// <summary>
/// How a test acts at a point of a run on virtual time: it holds simulated time from the moment the point is
/// reached until it has acted, instead of racing the clock to catch the point. A condition is read between
/// moves of the clock, so it reads state directly (an API call is work and would keep the clock still).
/// </summary>
public static class VirtualTimeHolds
{
    /// <summary>Real-time ceiling of a wait (a hung run fails the test instead of hanging it).</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Holds simulated time from now until the returned hold is disposed (an idle app's virtual time races ahead:
    /// a test that sets something with a simulated expiry and reads it back holds time meanwhile).
    /// </summary>
    public static IDisposable HoldTime(this SeamlessServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var clock = server.VirtualClock ?? throw new InvalidOperationException("The server does not run on virtual time.");
        return clock.HoldWhile(_ => ValueTask.FromResult(true));
    }

    /// <summary>
    /// Waits until the upgrade is in <paramref name="phase"/> (fails if it ends first) and holds simulated time there
    /// from the moment it entered it until the returned hold is disposed.
    /// </summary>
    public static async Task<IDisposable> HoldAtPhaseAsync(this SeamlessServer server, string id, string phase)
    {
        ArgumentNullException.ThrowIfNull(server);
        var engine = server.Services.GetRequiredService<DurableTaskClient>();
        return await server.HoldWhenAsync(
            async ct =>
            {
                var metadata = await engine.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
                if (metadata is not null && !SingletonStart.IsActive(metadata.RuntimeStatus))
                {
                    throw new InvalidOperationException($"Upgrade {id} ended ({metadata.RuntimeStatus}) before reaching phase {phase}.");
                }

                return metadata is not null && metadata.ReadCustomStatusAs<UpgradeStatus>()?.Phase == phase;
            },
            "phase " + phase + " of " + id);
    }

    /// <summary>
    /// Waits until <paramref name="reached"/> is true and holds simulated time from the moment it was until the
    /// returned hold is disposed. An exception from the condition ends the wait with it.
    /// </summary>
    public static async Task<IDisposable> HoldWhenAsync(this SeamlessServer server, Func<CancellationToken, ValueTask<bool>> reached, string what)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(reached);
        var clock = server.VirtualClock ?? throw new InvalidOperationException("The server does not run on virtual time.");
        bool latched = false;
        var hold = clock.HoldWhile(async ct => latched || (latched = await reached(ct)));
        try
        {
            using var limit = new CancellationTokenSource(WaitLimit);
            while (!latched && !await reached(limit.Token))
            {
                try
                {
                    await Task.Delay(15, limit.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"Timed out waiting for {what} (simulated time {clock.GetUtcNow():u}).");
                }
            }

            return hold;
        }
        catch
        {
            hold.Dispose();
            throw;
        }
    }
}
