using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Seamless.Azure.Http;

namespace Seamless.Azure;

/// <summary>
/// Builds the Azure.Core <see cref="HttpPipeline"/>s the adapters send through: bearer authentication
/// for one token scope, retries with exponential back-off that honour <c>Retry-After</c>, and Azure.Core
/// diagnostics (query strings redacted). One factory per process; pipelines are cached per scope.
/// </summary>
public sealed class AzurePipelineFactory
{
    /// <summary>Token scope of ARM.</summary>
    public const string ArmScope = "https://management.azure.com/.default";

    /// <summary>Token scope of the Azure Monitor metrics data plane.</summary>
    public const string MetricsScope = "https://metrics.monitor.azure.com/.default";

    /// <summary>Token scope of Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly TokenCredential? _credential;
    private readonly HttpPipelinePolicy[] _perRetryPolicies;
    private readonly HttpPipelinePolicy[] _perCallPolicies;
    private readonly HttpPipelineTransport? _transport;
    private readonly Dictionary<string, HttpPipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="AzurePipelineFactory"/> class.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="credential">The credential; null builds one from the options (static token, managed identity or DefaultAzureCredential).</param>
    /// <param name="perRetryPolicies">Extra policies run on every attempt (e.g. a request counter).</param>
    /// <param name="transport">The transport; null uses Azure.Core's default HttpClient transport.</param>
    /// <param name="perCallPolicies">Extra policies run once per call, around its retries.</param>
    public AzurePipelineFactory(
        AzureAccessOptions options,
        TokenCredential? credential = null,
        IEnumerable<HttpPipelinePolicy>? perRetryPolicies = null,
        HttpPipelineTransport? transport = null,
        IEnumerable<HttpPipelinePolicy>? perCallPolicies = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _credential = options.StaticToken is null ? credential ?? CreateCredential(options) : null;
        _perRetryPolicies = perRetryPolicies?.ToArray() ?? [];
        _perCallPolicies = perCallPolicies?.ToArray() ?? [];
        _transport = transport;
    }

    /// <summary>Gets the options the pipelines were built from.</summary>
    public AzureAccessOptions Options { get; }

    /// <summary>Returns the pipeline for a token scope.</summary>
    public HttpPipeline GetPipeline(string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        lock (_gate)
        {
            if (!_pipelines.TryGetValue(scope, out HttpPipeline? pipeline))
            {
                pipeline = Build(scope);
                _pipelines[scope] = pipeline;
            }

            return pipeline;
        }
    }

    /// <summary>Creates the credential the options ask for when no static token is configured.</summary>
    public static TokenCredential CreateCredential(AzureAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StaticToken is not null)
        {
            return new StaticTokenCredential(options.StaticToken);
        }

        // In Azure a user-assigned identity is named by client id; DefaultAzureCredential covers
        // workload identity, the system identity, developer logins and environment credentials.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = options.ManagedIdentityClientId,
            WorkloadIdentityClientId = options.ManagedIdentityClientId,
        });
    }

    private HttpPipeline Build(string scope)
    {
        var clientOptions = new SeamlessClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = Options.MaxRetries;
        clientOptions.Retry.Delay = Options.RetryDelay;
        clientOptions.Retry.MaxDelay = Options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = Options.NetworkTimeout;
        clientOptions.Diagnostics.ApplicationId = "Seamless";
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        if (_transport is not null)
        {
            clientOptions.Transport = _transport;
        }

        // BearerTokenAuthenticationPolicy refuses plain http, which the loopback simulator uses; the
        // static token is simulator-only (validation forbids it together with a managed identity).
        HttpPipelinePolicy auth = Options.StaticToken is not null
            ? new StaticTokenPolicy(Options.StaticToken)
            : new BearerTokenAuthenticationPolicy(_credential!, scope);
        HttpPipelinePolicy[] perRetry = [auth, .. _perRetryPolicies];
        return HttpPipelineBuilder.Build(clientOptions, _perCallPolicies, perRetry, new ResponseClassifier());
    }

    private sealed class SeamlessClientOptions : ClientOptions
    {
    }
}
