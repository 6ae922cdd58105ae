using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seamless.Api;

/// <summary>
/// Makes every error of the self-hosted API surface RFC 9457 <c>application/problem+json</c> without
/// internals: routing 404/405 and any other bare status (status code pages), client errors Kestrel raises
/// while a body is read — 413 too large, 408 too slow, 400 cut short — and 500 from an unhandled exception
/// (exception handler; the 500 body names no exception, its message or stack, only a trace id), and 431 for
/// request headers above <see cref="MaxRequestHeaderBytes"/>. <see cref="SeamlessApiEndpoints.MapSeamlessApi"/>
/// calls it when it maps onto an application; Azure Functions answers its own routing errors.
/// </summary>
public static partial class SeamlessProblemDetails
{
    /// <summary>
    /// Largest total of request header names and values the API accepts (431 problem+json above). Kestrel's own
    /// limit (32 KiB by default) sits above it and answers 431 with an empty body: it rejects such requests
    /// before any middleware runs.
    /// </summary>
    public const int MaxRequestHeaderBytes = 16 * 1024;

    private const string LoggerCategory = "Seamless.Api.Problems";

    /// <summary>Adds the exception handler, the status code pages and the header limit to <paramref name="app"/>.</summary>
    public static IApplicationBuilder UseSeamlessProblemDetails(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => WriteExceptionAsync(context, logger),
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,

            // A client error raised while reading the body is not a failure of the server: no stack trace in the log
            // (it is logged at Debug below). Anything else keeps the middleware's error log with its stack trace.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = WriteStatusAsync });
        app.Use(next => context => HeaderBytes(context.Request) > MaxRequestHeaderBytes
            ? ApiProblems.HeadersTooLarge(MaxRequestHeaderBytes).ExecuteAsync(context)
            : next(context));
        return app;
    }

    /// <summary>Sums the bytes of the request's header lines, the way Kestrel counts them ("name: value\r\n").</summary>
    internal static long HeaderBytes(HttpRequest request)
    {
        long total = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (string? value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return total;
    }

    private static Task WriteExceptionAsync(HttpContext context, ILogger logger)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        int status = context.Response.StatusCode;
        if (error is BadHttpRequestException)
        {
            LogClientError(logger, status);
            return ApiProblems.ForStatus(status).ExecuteAsync(context);
        }

        return ApiProblems.InternalError(Activity.Current?.Id ?? context.TraceIdentifier).ExecuteAsync(context);
    }

    private static Task WriteStatusAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        int status = context.Response.StatusCode;
        var problem = status == StatusCodes.Status405MethodNotAllowed
            ? ApiProblems.MethodNotAllowed(context.Request.Method, context.Response.Headers.Allow.ToString())
            : ApiProblems.ForStatus(status);
        return problem.ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Refused a request the server could not read ({Status})")]
    private static partial void LogClientError(ILogger logger, int status);
}
