namespace Seamless.Infra.Tests.Bicep;

/// <summary>What one run of the bicep CLI printed, with its diagnostics parsed.</summary>
public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<BicepDiagnostic> Diagnostics)
{
    /// <summary>Gets the diagnostics at level Error.</summary>
    public IEnumerable<BicepDiagnostic> Errors => Diagnostics.Where(d => d.Level == "Error");

    /// <summary>Gets the diagnostics at level Warning.</summary>
    public IEnumerable<BicepDiagnostic> Warnings => Diagnostics.Where(d => d.Level == "Warning");

    /// <summary>Gets everything the compiler printed on stderr, for assertion messages.</summary>
    public string Report => $"exit {ExitCode}{Environment.NewLine}{StandardError}";
}
