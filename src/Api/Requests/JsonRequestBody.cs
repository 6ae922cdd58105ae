namespace Seamless.Api.Requests;

/// <summary>
/// A JSON request body as the handlers take it: the raw bytes (signatures and idempotency keys are computed over
/// them), or the problem the read ended in (415 not JSON, 413 over the limit) for the handler to answer.
/// </summary>
/// <param name="Bytes">The body, exactly as sent; null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the body was not read; null when it was.</param>
public sealed record JsonRequestBody(byte[]? Bytes, ProblemHttpResult? Problem)
{
    /// <summary>Reads the body (<see cref="RequestBody.ReadJsonAsync"/>): never more than <paramref name="maxBodyBytes"/>.</summary>
    public static async Task<JsonRequestBody> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (bytes, problem) = await RequestBody.ReadJsonAsync(request, maxBodyBytes, cancellationToken);
        return new JsonRequestBody(bytes, problem);
    }

    /// <summary>Reads the body when the request has one (a length above zero or a content type); null when it has none.</summary>
    public static async Task<JsonRequestBody?> ReadIfPresentAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is > 0 || request.ContentType is not null
            ? await ReadAsync(request, maxBodyBytes, cancellationToken)
            : null;
    }
}
