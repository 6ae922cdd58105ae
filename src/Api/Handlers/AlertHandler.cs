using Microsoft.Extensions.Logging;
using Seamless.Api.Requests;
using Seamless.Core.Alerts;
using Seamless.Workflows.Alerts;

namespace Seamless.Api.Handlers;

/// <summary><c>POST /api/alerts</c>: an Azure Monitor action group's common-schema alert. The key is checked before this runs.</summary>
public sealed partial class AlertHandler(
    AlertRouter alerts,
    ILogger<AlertHandler> logger)
{
    /// <summary>Routes the alert and answers 202 with what it did, or a problem.</summary>
    public async Task<Results<JsonHttpResult<AlertAccepted>, ProblemHttpResult>> ReceiveAsync(JsonRequestBody body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var parsed = AlertParser.Parse(body.Bytes);
        if (!parsed.IsValid)
        {
            // An action group does not retry a 400: say in the log which delivery was lost and why.
            var first = parsed.Errors.Count > 0 ? parsed.Errors[0] : new FieldError("$", "invalid");
            if (logger.IsEnabled(LogLevel.Warning))
            {
                LogAlertRefused(logger, UntrustedText.Escape(first.Field), UntrustedText.Escape(first.Message));
            }

            return ApiProblems.Invalid(parsed.Errors);
        }

        var outcome = await alerts.HandleAsync(client, parsed.Value!, cancellationToken);
        var action = outcome.Action;
        return TypedResults.Json(
            new AlertAccepted(action.Kind.ToString(), action.Reason, action.Message, action.Kind == AlertActionKind.Record, outcome.Duplicate, outcome.InstanceId),
            statusCode: StatusCodes.Status202Accepted);
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Refused an alert delivery that is not the common alert schema: {Field}: {Problem}")]
    private static partial void LogAlertRefused(ILogger logger, string field, string problem);
}
