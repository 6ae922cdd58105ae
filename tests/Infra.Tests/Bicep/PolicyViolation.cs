namespace Seamless.Infra.Tests.Bicep;

/// <summary>A policy a Bicep file breaks, with the rule id, where and why.</summary>
public sealed record PolicyViolation(string Rule, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line} [{Rule}] {Message}";
}
