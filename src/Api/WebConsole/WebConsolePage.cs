using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Seamless.Api.WebConsole;

/// <summary>
/// The operator console: a static page (index.html, the console*.js modules, console.css embedded in this assembly) over the JSON
/// API. The page and its files load without a key; every data call the page makes sends the key the operator enters
/// (<c>x-functions-key</c>), so the console is behind exactly the API's keys. Served by both hosts at
/// <c>/api/console</c>; the Host also at <c>/</c>.
/// </summary>
public static class WebConsolePage
{
    /// <summary>The page's route under the API prefix.</summary>
    public const string Route = "console";

    // The page runs only its own script and style and talks only to its own origin; data never becomes markup
    // (the console's scripts write text nodes), and this policy stops any injected markup from running or loading anything.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = new Dictionary<string, Asset>(StringComparer.Ordinal)
    {
        ["index.html"] = Load("index.html", "text/html; charset=utf-8"),
        ["console.js"] = Load("console.js", "text/javascript; charset=utf-8"),
        ["console-dom.js"] = Load("console-dom.js", "text/javascript; charset=utf-8"),
        ["console-charts.js"] = Load("console-charts.js", "text/javascript; charset=utf-8"),
        ["console.css"] = Load("console.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>GET /api/console (and the Host's /): the page.</summary>
    public static IResult Page() => new AssetResult(Assets["index.html"]);

    /// <summary>GET /api/console/{file}: one of the page's files; 404 problem+json for anything else.</summary>
    public static IResult File(string file) =>
        file is not null && Assets.TryGetValue(file, out var asset) && file != "index.html"
            ? new AssetResult(asset)
            : ApiProblems.NotFound("The console has no such file.");

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(WebConsolePage).Assembly.GetManifestResourceStream($"Seamless.Api.WebConsole.{name}")
            ?? throw new InvalidOperationException($"WebConsole/{name} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new Asset(buffer.ToArray(), contentType);
    }

    private sealed record Asset(byte[] Content, string ContentType);

    private sealed class AssetResult(Asset asset) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.CacheControl = "no-cache";
            return response.Body.WriteAsync(asset.Content, httpContext.RequestAborted).AsTask();
        }
    }
}
