using System.Text.Json;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// infra/ as the real compiler sees it, computed once per test run and shared by the test classes
/// (each compiler run takes seconds): the built template, the linter's verdicts, the built
/// main.bicepparam and a deployment snapshot (the resources What-If would predict) of a
/// parameter file that switches every option on.
/// </summary>
public sealed class CompiledInfra
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000c0de";
    public const string TenantId = "00000000-0000-0000-0000-0000000007e4";
    public const string Location = "westeurope";
    public const string EnvironmentName = "infratest";
    public const string ManagedSiteId = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-apps/providers/Microsoft.Web/sites/app-shop";
    public const string ManagedPlanId = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-apps/providers/Microsoft.Web/serverfarms/plan-shop";

    /// <summary>
    /// What azd would put in the environment for main.bicepparam (every variable it reads); the runner
    /// drops inherited AZURE_*/SEAMLESS_* variables, so only these count.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ParameterEnvironment = new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = EnvironmentName,
        ["AZURE_LOCATION"] = Location,
        ["SEAMLESS_MANAGED_SITE_IDS"] = $"{ManagedSiteId},{ManagedSiteId}-2",
        ["SEAMLESS_MANAGED_PLAN_IDS"] = ManagedPlanId,
        ["SEAMLESS_WEBHOOK_SECRET"] = "sample-webhook-secret-0123456789",
        ["SEAMLESS_WEBHOOK_SECRET_KV_URI"] = string.Empty,
        ["SEAMLESS_SCALE_IN_SCHEDULE"] = "0 */10 * * * *",
        ["SEAMLESS_DEPLOY_ALERTS"] = "true",
        ["SEAMLESS_DEPLOY_DEMO_TARGET"] = "true",
    };

    private static readonly Lazy<CompiledInfra> LazyInstance = new(() => new CompiledInfra());

    private readonly Lazy<BicepRun> _build = new(() => BicepCli.Run(["build", RepositoryPaths.MainBicep, "--stdout"]));
    private readonly Lazy<BicepRun> _lint = new(() => BicepCli.Run(["lint", "--pattern", "infra/main.bicep*"], ParameterEnvironment));
    private readonly Lazy<BicepRun> _buildParameters = new(() => BicepCli.Run(["build-params", RepositoryPaths.MainParameters, "--stdout"], ParameterEnvironment));
    private readonly Lazy<(BicepRun Run, JsonElement Snapshot)> _snapshot = new(TakeSnapshot);
    private readonly Lazy<ArmTemplate> _main;

    // Each compiler run starts on first use (test classes run in parallel, so runs overlap) and only
    // once per test run.
    private CompiledInfra()
    {
        _main = new(() => ArmTemplate.Parse(Succeeded(Build, "bicep build infra/main.bicep").StandardOutput));
    }

    /// <summary>Gets the shared instance.</summary>
    public static CompiledInfra Instance => LazyInstance.Value;

    /// <summary>Gets the run of <c>bicep build infra/main.bicep</c>.</summary>
    public BicepRun Build => _build.Value;

    /// <summary>Gets the run of <c>bicep lint</c> on infra/main.bicep (modules included) and infra/main.bicepparam, with <see cref="ParameterEnvironment"/>.</summary>
    public BicepRun Lint => _lint.Value;

    /// <summary>Gets the run of <c>bicep build-params infra/main.bicepparam</c> with <see cref="ParameterEnvironment"/>.</summary>
    public BicepRun BuildParameters => _buildParameters.Value;

    /// <summary>Gets the compiled infra/main.bicep, modules nested.</summary>
    public ArmTemplate Main => _main.Value;

    /// <summary>Gets the run of <c>bicep snapshot</c> on <see cref="SnapshotParameters"/>.</summary>
    public BicepRun SnapshotRun => _snapshot.Value.Run;

    /// <summary>Gets the snapshot's predicted resources, evaluated as far as possible before deployment.</summary>
    public IReadOnlyList<JsonElement> PredictedResources =>
        _snapshot.Value.Snapshot.GetProperty("predictedResources").EnumerateArray().ToArray();

    /// <summary>
    /// The parameter file the snapshot is taken of: every optional part on (alerts, demo target, secret)
    /// and every policy field set to a value other than its default, so the app settings can be
    /// checked end to end.
    /// </summary>
    public static string SnapshotParameters(string usingPath) => $$"""
        using '{{usingPath}}'

        param environmentName = '{{EnvironmentName}}'
        param location = '{{Location}}'
        param managedSiteIds = ['{{ManagedSiteId}}']
        param managedPlanIds = ['{{ManagedPlanId}}']
        param webhookSecret = 'sample-webhook-secret-0123456789'
        param deployAlerts = true
        param deployDemoTarget = true
        param notifications = [
          {
            url: 'https://events.example.com/seamless'
            events: ['com.seamless.upgrade.finished', 'com.seamless.scaleout']
            secretKeyVaultSecretUri: 'https://kv-sample.vault.azure.net/secrets/notify-secret'
          }
          {
            urlKeyVaultSecretUri: 'https://kv-sample.vault.azure.net/secrets/slack-url'
            format: 'Text'
          }
        ]
        param upgradePolicy = {
          warmup: {
            paths: ['/', '/health']
            allowedStatusCodes: [200, 204]
            latencyBound: '00:00:03'
            consecutivePasses: 2
            timeout: '00:08:00'
            probeInterval: '00:00:04'
          }
          smokePaths: ['/smoke']
          canary: {
            enabled: true
            steps: [5, 20, 60]
            stepInterval: '00:03:00'
            confidenceLevel: '0.9'
            passThreshold: 80
            marginalThreshold: 40
          }
          approval: {
            required: true
            timeout: '00:20:00'
            onTimeout: 'Proceed'
          }
          guardWindow: '00:12:00'
          guardInterval: '00:03:00'
          guardWithoutEvidence: 'Promote'
          configDiffBlocks: true
          stalePreviewAfter: '00:40:00'
        }
        param buildIdentity = {
          source: 'ContainerImage'
          appSetting: 'APP_BUILD'
        }
        param scaleInPolicy = {
          scaleOutCpu: 90
          margin: 12
          scaleOutMemory: 85
          scaleOutQueuePerInstance: 15
          hottestInstanceLimit: 97
          min: 3
          max: 40
          zoneRedundantMinimum: 4
          window: '00:15:00'
          tolerance: '0.1'
          cooldown: '00:07:00'
          rateLimitInstances: 4
          rateLimitPeriod: '00:06:00'
          maxStep: 2
          seasonalHorizon: '00:25:00'
          missingSeasonalData: 'Hold'
          verifyWindow: '00:06:00'
          verifyMax5xxIncreasePoints: '0.25'
          verifyMaxLatencyIncreasePercent: 30
          verifyMinLatencyIncreaseMs: 60
          scaleOutPercent: 50
          scaleOutMinStep: 2
          alertVeto: '00:08:00'
          scaleOutSettle: '00:03:00'
          scaleOutMaxPerHour: 3
          revertVeto: '00:45:00'
          platformDrain: '00:02:00'
          drainMargin: '00:00:20'
          sessionIdle: '00:30:00'
          acceptSessionLoss: true
          headroom: 'Fixed'
          overloadBudgetPercent: '0.5'
          provisioningDelay: '00:05:00'
          learningWindow: '7.00:00:00'
          holdMinimumToKeepBudget: true
        }
        param scaleInPlanPolicies = [
          {
            plan: '{{ManagedPlanId}}'
            overloadBudgetPercent: '0.05'
            provisioningDelay: '00:06:00'
            min: 4
            max: 12
            acceptSessionLoss: false
            holdMinimumToKeepBudget: false
          }
        ]
        """;

    /// <summary>Throws with the compiler's output when the run failed.</summary>
    public static BicepRun Succeeded(BicepRun run, string what)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.ExitCode == 0 && !run.Errors.Any()
            ? run
            : throw new InvalidOperationException($"{what} failed: {run.Report}");
    }

    // The snapshot is written beside the parameter file, so both live in a scratch folder under the
    // test output; `using` must be a relative path.
    private static (BicepRun, JsonElement) TakeSnapshot()
    {
        var scratch = RepositoryPaths.NewScratchDirectory();
        var parameters = Path.Combine(scratch, "everything.bicepparam");
        var usingPath = Path.GetRelativePath(scratch, RepositoryPaths.MainBicep).Replace('\\', '/');
        File.WriteAllText(parameters, SnapshotParameters(usingPath));

        try
        {
            var run = Succeeded(
                BicepCli.Run(["snapshot", parameters, "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location, "--deployment-name", "seamless"]),
                "bicep snapshot");

            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch, "everything.snapshot.json")));
            return (run, document.RootElement.Clone());
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
