using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>Forwards to an inner logger only while the orchestration is not replaying.</summary>
internal sealed class ReplaySafeLogger(ILogger inner, IOrchestrationContext context) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!context.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
