namespace Seamless.Core.ScaleIn;

/// <summary>One invalid field of a policy.</summary>
/// <param name="Field">The camelCase field name as it appears in JSON.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record PolicyFieldError(string Field, string Message);
