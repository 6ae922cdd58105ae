using System.Text.Json;
using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>
/// The real Bicep compiler (from NuGet) builds and lints infra/main.bicep and infra/main.bicepparam
/// with no error and no warning, under infra/bicepconfig.json as it is.
/// </summary>
public sealed class BicepCompilerTests
{
    private static CompiledInfra Infra => CompiledInfra.Instance;

    [Fact]
    public void Version_PackagedCompiler_IsThePinnedOne()
    {
        var run = BicepCli.Run(["--version"]);

        run.ExitCode.ShouldBe(0, run.Report);
        run.StandardOutput.ShouldContain("Bicep CLI version 0.49.2");
        BicepCli.ExecutablePath.ShouldContain("azure.bicep.commandline.linux-x64", Case.Insensitive);
    }

    [Fact]
    public void Build_Main_NoErrorsNoWarnings()
    {
        var run = Infra.Build;

        run.ExitCode.ShouldBe(0, run.Report);
        run.Diagnostics.ShouldBeEmpty(run.Report);
        Infra.Main.Root.GetProperty("languageVersion").GetString().ShouldBe("2.0");
    }

    [Fact]
    public void Lint_MainAndParameters_NoDiagnostics()
    {
        var run = Infra.Lint;

        run.ExitCode.ShouldBe(0, run.Report);
        run.Diagnostics.ShouldBeEmpty(run.Report);
        run.StandardError.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void BuildParams_MainParameters_ReadsTheAzdEnvironment()
    {
        var run = Infra.BuildParameters;

        run.ExitCode.ShouldBe(0, run.Report);
        run.Diagnostics.ShouldBeEmpty(run.Report);
        using var output = JsonDocument.Parse(run.StandardOutput);
        using var parameters = JsonDocument.Parse(output.RootElement.GetProperty("parametersJson").GetString()!);
        var values = parameters.RootElement.GetProperty("parameters");
        values.GetProperty("environmentName").GetProperty("value").GetString().ShouldBe(CompiledInfra.EnvironmentName);
        values.GetProperty("managedSiteIds").GetProperty("value").GetArrayLength().ShouldBe(2);
        values.GetProperty("managedPlanIds").GetProperty("value")[0].GetString().ShouldBe(CompiledInfra.ManagedPlanId);
        values.GetProperty("webhookSecretKeyVaultSecretUri").GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        values.GetProperty("scaleInSchedule").GetProperty("value").GetString().ShouldBe("0 */10 * * * *");
        values.GetProperty("deployAlerts").GetProperty("value").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void Snapshot_EveryOptionOn_PredictsEveryResourceBeforeDeployment()
    {
        var resources = Infra.PredictedResources;

        Infra.SnapshotRun.Diagnostics.ShouldBeEmpty(Infra.SnapshotRun.Report);
        resources.Count.ShouldBeGreaterThan(30);
        // A name or id that is still an expression is one What-If cannot predict (short-circuiting).
        var unresolved = resources
            .Select(r => $"{r.GetProperty("type").GetString()} {r.GetProperty("name").GetString()} {r.GetProperty("id").GetString()}")
            .Where(text => text.Contains('[', StringComparison.Ordinal))
            .ToArray();
        unresolved.ShouldBeEmpty();
    }

    [Fact]
    public void Snapshot_RoleAssignments_NamedByGuidsKnownBeforeDeployment()
    {
        var names = Infra.PredictedResources
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments")
            .Select(r => r.GetProperty("name").GetString())
            .ToArray();

        // Storage data roles (3), Monitoring Metrics Publisher, Seamless Operator on two resource groups.
        names.Length.ShouldBe(6);
        names.Where(n => !Guid.TryParse(n, out var _)).ShouldBeEmpty();
        names.Distinct().Count().ShouldBe(names.Length);
    }
}
