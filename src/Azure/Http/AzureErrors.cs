using Seamless.Azure.Models;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Http;

/// <summary>Maps failed responses to the port's exception types.</summary>
internal static class AzureErrors
{
    /// <summary>Maps a non-success response: ARM's error code and message, typed conflicts, retryability.</summary>
    public static AzureRequestException FromResponse(RestResult result, string? errorCode = null, string? errorMessage = null)
    {
        if (errorCode is null || errorMessage is null)
        {
            ArmErrorResponse? body = result.TryRead(AzureJsonContext.Default.ArmErrorResponse);
            errorCode ??= NonEmpty(body?.Error?.Code) ?? NonEmpty(body?.Code);
            errorMessage ??= NonEmpty(body?.Error?.Message) ?? NonEmpty(body?.Message);
        }

        errorCode ??= NonEmpty(result.Header("x-ms-error-code")) ?? FallbackCode(result);
        errorMessage ??= NonEmpty(result.ReasonPhrase) ?? $"HTTP {result.Status}";

        if (result.Status == 409 && IsOperationInProgress(errorCode, errorMessage))
        {
            return new AzureConflictException(errorCode, errorMessage);
        }

        return result.Status is >= 400 and < 500 && !IsRetryable(result.Status)
            ? new AzureRequestRefusedException(result.Status, errorCode, errorMessage)
            : new AzureRequestException(result.Status, errorCode, errorMessage, IsRetryable(result.Status));
    }

    /// <summary>Whether a status can succeed when repeated later (after the pipeline's own retries).</summary>
    public static bool IsRetryable(int status) => status is 408 or 429 or >= 500;

    /// <summary>ARM reports concurrent modifications as 409 "... another operation is in progress".</summary>
    public static bool IsOperationInProgress(string code, string message) =>
        message.Contains("in progress", StringComparison.OrdinalIgnoreCase)
        || code.Contains("InProgress", StringComparison.OrdinalIgnoreCase);

    /// <summary>A transport failure or timeout once the pipeline has given up.</summary>
    public static AzureRequestException Transport(Exception exception, bool timedOut) =>
        new(0, timedOut ? "Timeout" : "TransportError", FirstMessage(exception), isRetryable: true, exception);

    private static string FirstMessage(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? $"{aggregate.InnerExceptions.Count} attempts failed; last: {aggregate.InnerExceptions[^1].Message}"
            : exception.Message;

    private static string FallbackCode(RestResult result) =>
        result.ReasonPhrase.Length > 0 ? result.ReasonPhrase.Replace(" ", string.Empty, StringComparison.Ordinal) : $"Http{result.Status}";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
