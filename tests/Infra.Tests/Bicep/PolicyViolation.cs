namespace Seamless.Infra.Tests.Bicep;

/// <summary>A policy a compiled template breaks: the rule id, where (template path and symbol) and why.</summary>
public sealed record PolicyViolation(string Rule, string Template, string Symbol, string Message)
{
    public override string ToString() => $"{Template}:{Symbol} [{Rule}] {Message}";
}
