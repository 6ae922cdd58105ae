using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.State;

namespace Seamless.Host.Serving;

/// <summary>The Host's retention: purges old state at start and every <c>Seamless:Retention:PurgeInterval</c> (on the shared clock).</summary>
internal sealed partial class StatePurgeService(StatePurger purger, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<StatePurgeService> logger)
    : RecurringPassService(clock)
{
    protected override TimeSpan? Interval => options.Value.Retention.Enabled ? options.Value.Retention.PurgeInterval : null;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => purger.PurgeAsync(cancellationToken);

    protected override void OnPassFailed(Exception exception) => LogPurgeFailed(logger, exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "State purge failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
