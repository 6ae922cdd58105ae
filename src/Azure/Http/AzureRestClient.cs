using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Seamless.Azure.Models;
using Seamless.Workflows.Ports;
using Seamless.Core.Time;

namespace Seamless.Azure.Http;

/// <summary>
/// Sends requests through one pipeline, buffers responses, maps failures to the port's exceptions and
/// drives ARM long-running operations (202 + Azure-AsyncOperation/Location + Retry-After).
/// </summary>
internal sealed class AzureRestClient(HttpPipeline pipeline, AzureAccessOptions options, ILogger logger, TimeProvider timeProvider)
{
    private static readonly string[] TerminalFailures = ["Failed", "Canceled", "Cancelled"];

    public async Task<RestResult> SendAsync(
        RequestMethod method,
        Uri uri,
        BinaryData? body,
        CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string contentType = "application/json",
        bool retry = true)
    {
        using HttpMessage message = pipeline.CreateMessage();
        if (!retry)
        {
            message.ResponseClassifier = NoRetryClassifier.Instance;
        }

        Request request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        foreach (KeyValuePair<string, string> header in headers ?? [])
        {
            request.Headers.SetValue(header.Key, header.Value);
        }

        if (body is not null)
        {
            request.Headers.SetValue(HttpHeader.Names.ContentType, contentType);
            request.Content = RequestContent.Create(body);
        }

        try
        {
            await pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(method, uri, AzureErrors.Transport(ex, timedOut: true));
        }
        catch (RequestFailedException ex)
        {
            throw Fail(method, uri, AzureErrors.Transport(ex, timedOut: false));
        }
        catch (AggregateException ex)
        {
            // Azure.Core's retry policy aggregates the attempts' exceptions once it gives up.
            bool timedOut = ex.InnerExceptions.Any(e => e is OperationCanceledException);
            throw Fail(method, uri, AzureErrors.Transport(ex, timedOut));
        }

        Response response = message.Response;
        var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (HttpHeader header in response.Headers)
        {
            responseHeaders[header.Name] = header.Value;
        }

        return new RestResult(response.Status, response.ReasonPhrase ?? string.Empty, response.Content ?? BinaryData.Empty, responseHeaders);
    }

    /// <summary>Sends and throws the mapped exception unless the status is a success.</summary>
    /// <remarks>
    /// <paramref name="retry"/> false sends once: for a non-idempotent request (a swap toggles the slots), a
    /// pipeline retry after a Retry-After wait or a timeout could land after an earlier attempt completed and
    /// undo it; the caller re-checks the resource before trying again.
    /// </remarks>
    public async Task<RestResult> SendExpectingSuccessAsync(RequestMethod method, Uri uri, BinaryData? body, CancellationToken cancellationToken, bool retry = true)
    {
        RestResult result = await SendAsync(method, uri, body, cancellationToken, retry: retry);
        if (!result.IsSuccess)
        {
            throw Fail(method, uri, AzureErrors.FromResponse(result));
        }

        return result;
    }

    /// <summary>
    /// Completes a long-running operation from its initial response: 200/204 are final; 201/202 are polled
    /// through Azure-AsyncOperation (preferred) or Location until a terminal state. A failed terminal state
    /// throws <see cref="AzureOperationFailedException"/> with ARM's code and message.
    /// </summary>
    public async Task<RestResult> WaitForCompletionAsync(RestResult initial, string operation, Uri resource, CancellationToken cancellationToken)
    {
        if (initial.Status is not (201 or 202))
        {
            return initial;
        }

        Uri? asyncOperation = AbsoluteUri(initial.Header("Azure-AsyncOperation"));
        Uri? location = AbsoluteUri(initial.Header("Location"));
        if (asyncOperation is null && location is null)
        {
            // Nothing to poll (e.g. a 201 with the final body); the caller re-reads the resource.
            return initial;
        }

        Logs.OperationAccepted(logger, operation, resource.AbsolutePath);
        DateTimeOffset deadline = timeProvider.GetUtcNow() + options.OperationTimeout;
        TimeSpan delay = PollDelay(initial);
        int polls = 0;
        while (true)
        {
            if (timeProvider.GetUtcNow() + delay > deadline)
            {
                throw new AzureRequestException(0, "OperationTimeout", $"{operation} did not complete within {options.OperationTimeout}.", isRetryable: false);
            }

            await SimulatedClock.DelayAsync(timeProvider, delay, cancellationToken);
            polls++;
            if (asyncOperation is not null)
            {
                RestResult status = await SendAsync(RequestMethod.Get, asyncOperation, null, cancellationToken);
                if (!status.IsSuccess)
                {
                    throw Fail(RequestMethod.Get, asyncOperation, AzureErrors.FromResponse(status));
                }

                AsyncOperationStatus? body = status.TryRead(AzureJsonContext.Default.AsyncOperationStatus);
                string? state = body?.Status ?? body?.Properties?.ProvisioningState;
                if (string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    Logs.OperationCompleted(logger, operation, resource.AbsolutePath, polls);
                    return status;
                }

                if (state is not null && TerminalFailures.Contains(state, StringComparer.OrdinalIgnoreCase))
                {
                    throw OperationFailed(operation, resource, body?.Error, state);
                }

                delay = PollDelay(status);
                continue;
            }

            RestResult poll = await SendAsync(RequestMethod.Get, location!, null, cancellationToken);
            if (poll.Status == 202)
            {
                delay = PollDelay(poll);
                continue;
            }

            if (poll.IsSuccess)
            {
                AsyncOperationStatus? body = poll.TryRead(AzureJsonContext.Default.AsyncOperationStatus);
                if (body?.Status is { } state && TerminalFailures.Contains(state, StringComparer.OrdinalIgnoreCase))
                {
                    throw OperationFailed(operation, resource, body.Error, state);
                }

                Logs.OperationCompleted(logger, operation, resource.AbsolutePath, polls);
                return poll;
            }

            AzureRequestException error = AzureErrors.FromResponse(poll);
            if (error.IsRetryable)
            {
                throw Fail(RequestMethod.Get, location!, error);
            }

            // A Location poll reports the operation's failure as an error status with ARM's error body.
            throw OperationFailed(operation, resource, new ArmErrorDetail { Code = error.ErrorCode, Message = error.ErrorMessage }, "Failed");
        }
    }

    private AzureOperationFailedException OperationFailed(string operation, Uri resource, ArmErrorDetail? error, string state)
    {
        string code = string.IsNullOrWhiteSpace(error?.Code) ? $"Operation{state}" : error.Code;
        string message = string.IsNullOrWhiteSpace(error?.Message) ? $"{operation} ended in state {state}." : error.Message;
        Logs.OperationFailed(logger, operation, resource.AbsolutePath, code, message);
        return new AzureOperationFailedException(code, message);
    }

    private AzureRequestException Fail(RequestMethod method, Uri uri, AzureRequestException exception)
    {
        // The path only: query strings may carry keys (code=...) and are never logged.
        Logs.RequestFailed(logger, method.Method, uri.AbsolutePath, exception.Status, exception.ErrorCode, exception.ErrorMessage);
        return exception;
    }

    private TimeSpan PollDelay(RestResult result)
    {
        TimeSpan delay = RetryAfter(result, timeProvider.GetUtcNow()) ?? options.PollInterval;
        return delay > options.MaxPollDelay ? options.MaxPollDelay : delay;
    }

    /// <summary>Parses retry-after-ms / x-ms-retry-after-ms (ARM), else Retry-After as delta seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(RestResult result, DateTimeOffset now)
    {
        foreach (string name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (int.TryParse(result.Header(name), NumberStyles.None, CultureInfo.InvariantCulture, out int ms))
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        string? value = result.Header("Retry-After");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            TimeSpan delta = at - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    private static Uri? AbsoluteUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) ? uri : null;

    /// <summary>Classifies errors as usual but never asks the pipeline to retry.</summary>
    private sealed class NoRetryClassifier : ResponseClassifier
    {
        public static readonly NoRetryClassifier Instance = new();

        public override bool IsRetriableResponse(HttpMessage message) => false;

        public override bool IsRetriableException(Exception exception) => false;

        public override bool IsRetriable(HttpMessage message, Exception exception) => false;
    }
}
