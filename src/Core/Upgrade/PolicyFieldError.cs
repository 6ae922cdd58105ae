namespace Seamless.Core.Upgrade;

/// <summary>A validation error of a policy field.</summary>
/// <param name="Path">The field's JSON path relative to the policy, camelCase, e.g. "canary.steps[1]".</param>
/// <param name="Message">What is wrong, for a human.</param>
public sealed record PolicyFieldError(string Path, string Message);
