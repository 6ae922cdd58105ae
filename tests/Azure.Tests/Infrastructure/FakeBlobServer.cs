using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>
/// A tiny in-memory fake of the Blob service REST API over loopback HTTP: create container, put (with
/// If-None-Match / If-Match), get, delete, and List Blobs with prefix and marker paging. Errors carry
/// <c>x-ms-error-code</c> and an XML body, as the service does. Requests without a bearer token or
/// <c>x-ms-version</c> are refused.
/// </summary>
public sealed class FakeBlobServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Content, string ETag)> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _containers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private LoopbackServer _server = null!;
    private long _version;

    public int PageSize { get; set; } = 2;

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public bool HasBlob(string container, string name) => _blobs.ContainsKey($"{container}/{name}");

    public static async Task<FakeBlobServer> StartAsync(params string[] containers)
    {
        var fake = new FakeBlobServer();
        foreach (string container in containers)
        {
            fake._containers[container] = true;
        }

        fake._server = await LoopbackServer.StartRawAsync(async (context, server) =>
        {
            RecordedRequest request = await LoopbackServer.RecordAsync(context);
            server.Record(request);
            await fake.HandleAsync(context, request);
        });
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (request.Header("Authorization")?.StartsWith("Bearer ", StringComparison.Ordinal) != true)
        {
            await ErrorAsync(context, 403, "AuthenticationFailed");
            return;
        }

        if (request.Header("x-ms-version") is null)
        {
            await ErrorAsync(context, 400, "MissingRequiredHeader");
            return;
        }

        string[] parts = request.Path.TrimStart('/').Split('/', 2);
        string container = parts[0];
        string? blob = parts.Length > 1 ? parts[1] : null;
        if (blob is null && request.QueryValue("restype") == "container")
        {
            await ContainerAsync(context, request, container);
            return;
        }

        if (!_containers.ContainsKey(container))
        {
            await ErrorAsync(context, 404, "ContainerNotFound");
            return;
        }

        string key = $"{container}/{blob}";
        switch (request.Method)
        {
            case "PUT":
                await PutAsync(context, request, key);
                break;
            case "GET" when _blobs.TryGetValue(key, out var item):
                context.Response.Headers.ETag = item.ETag;
                context.Response.ContentType = "application/octet-stream";
                await context.Response.WriteAsync(item.Content);
                break;
            case "GET":
                await ErrorAsync(context, 404, "BlobNotFound");
                break;
            case "DELETE" when _blobs.TryRemove(key, out _):
                context.Response.StatusCode = 202;
                break;
            case "DELETE":
                await ErrorAsync(context, 404, "BlobNotFound");
                break;
            default:
                await ErrorAsync(context, 405, "UnsupportedHttpVerb");
                break;
        }
    }

    private async Task PutAsync(HttpContext context, RecordedRequest request, string key)
    {
        if (request.Header("x-ms-blob-type") != "BlockBlob")
        {
            await ErrorAsync(context, 400, "MissingRequiredHeader");
            return;
        }

        int status;
        string? etag = null;
        lock (_gate)
        {
            bool exists = _blobs.TryGetValue(key, out var current);
            string? ifNoneMatch = request.Header("If-None-Match");
            string? ifMatch = request.Header("If-Match");
            if (ifNoneMatch == "*" && exists)
            {
                status = 409;
            }
            else if (ifMatch is not null && (!exists || ifMatch != current.ETag))
            {
                status = 412;
            }
            else
            {
                etag = $"\"0x8DD{Interlocked.Increment(ref _version).ToString("X8", CultureInfo.InvariantCulture)}\"";
                _blobs[key] = (request.Body, etag);
                status = 201;
            }
        }

        if (status != 201)
        {
            await ErrorAsync(context, status, status == 409 ? "BlobAlreadyExists" : "ConditionNotMet");
            return;
        }

        context.Response.StatusCode = 201;
        context.Response.Headers.ETag = etag;
    }

    private async Task ContainerAsync(HttpContext context, RecordedRequest request, string container)
    {
        if (request.Method == "PUT")
        {
            if (!_containers.TryAdd(container, true))
            {
                await ErrorAsync(context, 409, "ContainerAlreadyExists");
                return;
            }

            context.Response.StatusCode = 201;
            return;
        }

        if (request.Method != "GET" || request.QueryValue("comp") != "list")
        {
            await ErrorAsync(context, 400, "InvalidQueryParameterValue");
            return;
        }

        if (!_containers.ContainsKey(container))
        {
            await ErrorAsync(context, 404, "ContainerNotFound");
            return;
        }

        string prefix = request.QueryValue("prefix") ?? string.Empty;
        string? marker = request.QueryValue("marker");
        string[] names = _blobs.Keys
            .Where(k => k.StartsWith(container + "/", StringComparison.Ordinal))
            .Select(k => k[(container.Length + 1)..])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SkipWhile(n => marker is not null && string.CompareOrdinal(n, marker) < 0)
            .ToArray();
        string[] page = names.Take(PageSize).ToArray();
        string? next = names.Length > PageSize ? names[PageSize] : null;
        var xml = new StringBuilder("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"x\" ContainerName=\"")
            .Append(container).Append("\"><Prefix>").Append(SecurityElement.Escape(prefix)).Append("</Prefix><Blobs>");
        foreach (string name in page)
        {
            xml.Append("<Blob><Name>").Append(SecurityElement.Escape(name)).Append("</Name><Properties><BlobType>BlockBlob</BlobType></Properties></Blob>");
        }

        xml.Append("</Blobs><NextMarker>").Append(next is null ? string.Empty : SecurityElement.Escape(next)).Append("</NextMarker></EnumerationResults>");
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(xml.ToString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{code} (fake)\nRequestId:1\nTime:2025-01-01T00:00:00Z</Message></Error>");
    }
}
