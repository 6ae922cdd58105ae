using Microsoft.Azure.Functions.Worker;
using Seamless.Workflows.State;

namespace Seamless.Functions;

/// <summary>The retention purge (<c>Seamless:Retention</c>) on the <c>STATE_PURGE_SCHEDULE</c> app setting (6-field NCRONTAB, UTC).</summary>
public sealed class StatePurgeTimer(StatePurger purger)
{
    [Function("StatePurgeTimer")]
    public Task Run([TimerTrigger("%STATE_PURGE_SCHEDULE%")] TimerInfo timer, FunctionContext context) =>
        purger.PurgeAsync(context.CancellationToken);
}
