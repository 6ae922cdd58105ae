using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>
/// Runs the real Azurite Blob emulator (installed into tools/azurite by scripts/test.sh) once for the
/// test collection: HTTPS with a throwaway self-signed certificate, because Azurite accepts bearer
/// tokens (<c>--oauth basic</c>) only over HTTPS, and in-memory storage. Each test gets its own
/// container and a <see cref="BlobStateStore"/> on the managed-identity path (a bearer token from a
/// <see cref="TokenCredential"/>), with a client that trusts exactly that certificate.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's built-in account; path-style URLs name it as the first segment.</summary>
    public const string Account = "devstoreaccount1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "seamless-azurite-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2 _certificate = null!;
    private Process? _process;
    private readonly StringWriter _output = new();

    /// <summary>Gets the blob endpoint of the emulated account.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string script = Path.Combine(RepositoryRoot(), "tools", "azurite", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): run scripts/test.sh, which installs it with npm ci --prefix tools/azurite.");
        }

        Directory.CreateDirectory(_workDirectory);
        _certificate = CreateCertificate(out string certPath, out string keyPath);
        int port = FreePort.Next();
        BlobEndpoint = new Uri($"https://127.0.0.1:{port}/{Account}");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--oauth", "basic", "--cert", certPath, "--key", keyPath,
            "--inMemoryPersistence", "--disableTelemetry",

            // The per-request access log is noise here; start-up failures still reach stderr.
            "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Cannot start Azurite with node ({ex.Message}): run scripts/test.sh.", ex);
        }

        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        _certificate?.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A store on a fresh container (created up front unless <paramref name="createContainer"/> is false).
    /// <paramref name="listPageSize"/> makes listings page (maxresults) so paging runs against the emulator.
    /// </summary>
    public async Task<AzuriteStore> CreateStoreAsync(bool createContainer = true, int? listPageSize = null, EmulatorTokenCredential? credential = null)
    {
        string container = "t" + Guid.NewGuid().ToString("N");
        credential ??= new EmulatorTokenCredential();
        var recorder = new RecordingHandler(CreateHandler());
        AzureAccessOptions options = TestClients.Options(BlobEndpoint);
        options.StaticToken = null;
        options.StateStoreContainer = container;
        HttpPipelinePolicy[] policies = listPageSize is { } size ? [new ListPageSizePolicy(size)] : [];
        var pipelines = new AzurePipelineFactory(options, credential, policies, new HttpClientTransport(new HttpClient(recorder)));
        var store = new BlobStateStore(pipelines, NullLogger<BlobStateStore>.Instance);
        if (createContainer)
        {
            using HttpResponseMessage created = await SendAsync(HttpMethod.Put, $"{container}?restype=container");
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        return new AzuriteStore(store, container, credential, recorder);
    }

    /// <summary>Whether the emulator holds the container or blob at <paramref name="path"/> (relative to the account).</summary>
    public async Task<bool> ExistsAsync(string path)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Head, path);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new InvalidOperationException($"HEAD {path} answered {(int)response.StatusCode}."),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var client = new HttpClient(CreateHandler());
        using var request = new HttpRequestMessage(method, $"{BlobEndpoint.AbsoluteUri}/{path}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", new EmulatorTokenCredential().Token);
        request.Headers.Add("x-ms-version", BlobStateStore.ServiceVersion);
        return await client.SendAsync(request);
    }

    private SocketsHttpHandler CreateHandler()
    {
        string thumbprint = _certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the certificate this fixture made, nothing else.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} at start-up: {LastOutput()}");
            }

            try
            {
                // Any HTTP answer (even an error) means the server is listening.
                using HttpResponseMessage response = await SendAsync(HttpMethod.Get, "?comp=list");
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException($"Azurite did not answer on {BlobEndpoint} within {StartTimeout.TotalSeconds:0} s: {LastOutput()}", ex);
            }
        }
    }

    private X509Certificate2 CreateCertificate(out string certPath, out string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        certPath = Path.Combine(_workDirectory, "cert.pem");
        keyPath = Path.Combine(_workDirectory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.WriteLine(line);
            }
        }
    }

    private string LastOutput()
    {
        lock (_output)
        {
            string text = _output.ToString().Trim();
            return text.Length == 0 ? "(no output)" : text[Math.Max(0, text.Length - 2000)..];
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Asks List Blobs for small pages, so the store follows NextMarker against the emulator.</summary>
    private sealed class ListPageSizePolicy(int pageSize) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            // Per-retry policy: a retried request already carries the parameter.
            string query = message.Request.Uri.Query;
            if (query.Contains("comp=list", StringComparison.Ordinal) && !query.Contains("maxresults=", StringComparison.Ordinal))
            {
                message.Request.Uri.AppendQuery("maxresults", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
