using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Seamless.Azure.Http;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// <see cref="IStateStore"/> over the Azure Blob Storage REST API through an Azure.Core pipeline (token
/// scope storage.azure.com): one block blob per key; optimistic concurrency with <c>If-None-Match: *</c>
/// (create) and <c>If-Match</c> (update). Used by the Functions host, where the Blobs SDK is not available.
/// </summary>
public sealed class BlobStateStore : IStateStore
{
    /// <summary>The Blob service REST version sent in <c>x-ms-version</c> (bearer auth needs 2017-11-09 or later).</summary>
    public const string ServiceVersion = "2023-11-03";

    private const int ReadConcurrency = 16;

    private readonly AzureRestClient _rest;
    private readonly string _containerUri;
    private readonly string _container;
    private readonly ILogger<BlobStateStore> _logger;
    private volatile bool _containerEnsured;

    /// <summary>Initializes a new instance of the <see cref="BlobStateStore"/> class.</summary>
    public BlobStateStore(AzurePipelineFactory pipelines, ILogger<BlobStateStore> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        AzureAccessOptions options = pipelines.Options;
        Uri endpoint = options.StateStoreBlobEndpoint ?? throw new ArgumentException("StateStoreBlobEndpoint is not configured.", nameof(pipelines));
        _container = options.StateStoreContainer is { } container && AzureAccessOptionsValidator.IsValidContainerName(container)
            ? container
            : throw new ArgumentException("StateStoreContainer is missing or not a valid container name.", nameof(pipelines));
        _containerUri = $"{endpoint.AbsoluteUri.TrimEnd('/')}/{_container}";
        _logger = logger;
        _rest = new AzureRestClient(pipelines.GetPipeline(AzurePipelineFactory.StorageScope), options, logger, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc/>
    public async Task<StoredItem?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Uri uri = BlobUri(key);
        RestResult result = await SendAsync(RequestMethod.Get, uri, null, [], cancellationToken);
        if (result.Status == 404)
        {
            return null;
        }

        EnsureSuccess(result, RequestMethod.Get);
        return new StoredItem(key, result.Body.ToString(), ETagOf(result));
    }

    /// <inheritdoc/>
    public async Task<StoredItem?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        Uri uri = BlobUri(key);
        KeyValuePair<string, string>[] headers =
        [
            new("x-ms-blob-type", "BlockBlob"),
            expectedETag is null ? new("If-None-Match", "*") : new("If-Match", expectedETag),
        ];
        var body = BinaryData.FromString(value);
        RestResult result = await SendAsync(RequestMethod.Put, uri, body, headers, cancellationToken);
        if (result.Status == 404 && IsContainerNotFound(result))
        {
            await CreateContainerAsync(cancellationToken);
            result = await SendAsync(RequestMethod.Put, uri, body, headers, cancellationToken);
        }

        // 412: the ETag moved on; 409: the blob already exists for a create; 404: an update of a deleted blob.
        if (result.Status is 412 or 409 || (result.Status == 404 && expectedETag is not null))
        {
            Logs.StateConflict(_logger, key, result.Status);
            return null;
        }

        EnsureSuccess(result, RequestMethod.Put);
        _containerEnsured = true;
        return new StoredItem(key, value, ETagOf(result));
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        RestResult result = await SendAsync(RequestMethod.Delete, BlobUri(key), null, [], cancellationToken);
        if (result.Status != 404)
        {
            EnsureSuccess(result, RequestMethod.Delete);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredItem>> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var names = new List<string>();
        string? marker = null;
        do
        {
            var uri = new RequestUriBuilder();
            uri.Reset(new Uri(_containerUri));
            uri.AppendQuery("restype", "container");
            uri.AppendQuery("comp", "list");
            if (prefix.Length > 0)
            {
                uri.AppendQuery("prefix", prefix);
            }

            if (marker is not null)
            {
                uri.AppendQuery("marker", marker);
            }

            RestResult result = await SendAsync(RequestMethod.Get, uri.ToUri(), null, [new("Accept", "application/xml")], cancellationToken);
            if (result.Status == 404 && IsContainerNotFound(result))
            {
                return [];
            }

            EnsureSuccess(result, RequestMethod.Get);
            XElement root = ParseXml(result);
            names.AddRange(root.Element("Blobs")?.Elements("Blob").Select(b => (string?)b.Element("Name")).OfType<string>() ?? []);
            marker = (string?)root.Element("NextMarker") is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);

        string[] selected = names.Order(StringComparer.Ordinal).TakeLast(limit).ToArray();
        var items = new StoredItem?[selected.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, selected.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => items[i] = await GetAsync(selected[i], ct));

        // A blob deleted between list and read is simply gone.
        return items.OfType<StoredItem>().ToArray();
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerEnsured)
        {
            return;
        }

        RestResult result = await SendAsync(RequestMethod.Put, new Uri($"{_containerUri}?restype=container"), null, [], cancellationToken);
        if (result.Status != 409)
        {
            EnsureSuccess(result, RequestMethod.Put);
            Logs.ContainerCreated(_logger, _container);
        }

        _containerEnsured = true;
    }

    private Task<RestResult> SendAsync(RequestMethod method, Uri uri, BinaryData? body, KeyValuePair<string, string>[] headers, CancellationToken cancellationToken) =>
        _rest.SendAsync(method, uri, body, cancellationToken, [new("x-ms-version", ServiceVersion), .. headers], "application/json; charset=utf-8");

    private Uri BlobUri(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > 1024 || key.EndsWith('/') || key.EndsWith('.'))
        {
            throw new ArgumentException("A key is at most 1024 characters and does not end with '/' or '.'.", nameof(key));
        }

        // Escape each segment; '/' stays a virtual-directory separator so prefixes list naturally.
        return new Uri($"{_containerUri}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}");
    }

    private static string ETagOf(RestResult result) =>
        result.Header("ETag") ?? throw new AzureResponseFormatException("The blob response carries no ETag.");

    private static bool IsContainerNotFound(RestResult result) =>
        string.Equals(result.Header("x-ms-error-code"), "ContainerNotFound", StringComparison.OrdinalIgnoreCase);

    private static void EnsureSuccess(RestResult result, RequestMethod method)
    {
        if (result.IsSuccess)
        {
            return;
        }

        // Storage errors are XML: <Error><Code/><Message/></Error>, code also in x-ms-error-code.
        string? message = null;
        try
        {
            message = result.Body.ToMemory().IsEmpty ? null : (string?)XElement.Parse(result.Body.ToString()).Element("Message");
        }
        catch (System.Xml.XmlException)
        {
        }

        string code = result.Header("x-ms-error-code") ?? $"Http{result.Status}";
        throw AzureErrors.FromResponse(result, code, (message ?? result.ReasonPhrase) is { Length: > 0 } m ? m.Split('\n')[0].Trim() : $"{method} failed with {result.Status}");
    }

    private static XElement ParseXml(RestResult result)
    {
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(result.Body.ToMemory().Span).TrimStart('\uFEFF'));
        }
        catch (System.Xml.XmlException ex)
        {
            throw new AzureResponseFormatException("The blob listing is not valid XML.", ex);
        }
    }
}
