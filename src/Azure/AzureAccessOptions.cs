namespace Seamless.Azure;

/// <summary>
/// How Seamless reaches Azure (configuration section <c>Seamless:Azure</c>): endpoints, credentials,
/// retry and polling behaviour. Defaults target public Azure with <c>DefaultAzureCredential</c>;
/// locally the endpoints point at the simulator and <see cref="StaticToken"/> is set.
/// </summary>
public sealed class AzureAccessOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Seamless:Azure";

    /// <summary>The public ARM endpoint.</summary>
    public const string DefaultArmEndpoint = "https://management.azure.com";

    /// <summary>Default number of pipeline retries for 408/429/5xx and transport failures.</summary>
    public const int DefaultMaxRetries = 4;

    /// <summary>Default first retry delay (exponential back-off; a server Retry-After wins when longer).</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default cap of the computed back-off.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default per-attempt network timeout of ARM and Monitor calls.</summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Default probe timeout when a probe request carries none.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default long-running-operation poll interval when the service sends no Retry-After.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default cap of one poll delay (bounds a server's Retry-After while polling).</summary>
    public static readonly TimeSpan DefaultMaxPollDelay = TimeSpan.FromSeconds(60);

    /// <summary>Default limit of the whole long-running operation.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the ARM endpoint (default https://management.azure.com).</summary>
    public Uri ArmEndpoint { get; set; } = new(DefaultArmEndpoint);

    /// <summary>
    /// Gets or sets the base of the metrics batch (data-plane) API. Null means the regional endpoint
    /// <c>https://{region}.metrics.monitor.azure.com</c>; set it to use one base for every region (the simulator).
    /// </summary>
    public Uri? MetricsEndpoint { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether per-resource metric reads are served from <c>metrics:getBatch</c> calls
    /// together with the reads of the same kind other resources of the subscription and region made recently
    /// (<see cref="BatchingMetricsClient"/>; default true). Off, every read is one ARM metrics call.
    /// </summary>
    public bool MetricsBatching { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether plan reads and plan-site reads are answered from one listing of the
    /// plan's resource group together with the other plans of that group read recently (<see cref="BatchingAppServiceClient"/>;
    /// default true). Off, every read is one ARM call.
    /// </summary>
    public bool ArmReadBatching { get; set; } = true;

    /// <summary>Gets or sets the base that fronts site host names (simulator: <c>{base}/_sim/web/{host}{path}</c>); null probes real host names.</summary>
    public Uri? DataPlaneEndpoint { get; set; }

    /// <summary>Gets or sets a static bearer token (simulator only); when null, Azure.Identity is used.</summary>
    public string? StaticToken { get; set; }

    /// <summary>Gets or sets the client id of a user-assigned managed identity; null uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Gets or sets the blob endpoint of the state store account, e.g. https://acct.blob.core.windows.net.</summary>
    public Uri? StateStoreBlobEndpoint { get; set; }

    /// <summary>Gets or sets the blob container of the state store.</summary>
    public string? StateStoreContainer { get; set; }

    /// <summary>Gets or sets the number of pipeline retries.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>Gets or sets the first retry delay.</summary>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>Gets or sets the cap of the computed retry back-off.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>Gets or sets the per-attempt network timeout.</summary>
    public TimeSpan NetworkTimeout { get; set; } = DefaultNetworkTimeout;

    /// <summary>Gets or sets the default probe timeout.</summary>
    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    /// <summary>Gets or sets the poll interval of long-running operations without Retry-After.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>Gets or sets the cap of one poll delay.</summary>
    public TimeSpan MaxPollDelay { get; set; } = DefaultMaxPollDelay;

    /// <summary>Gets or sets the limit of a whole long-running operation.</summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;
}
