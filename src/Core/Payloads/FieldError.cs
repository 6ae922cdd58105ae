namespace Seamless.Core.Payloads;

/// <summary>A validation error naming the offending field (JSON path) — surfaced as problem+json.</summary>
/// <param name="Field">The field, e.g. "site" or "policy.canary.steps[1]".</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record FieldError(string Field, string Message);

/// <summary>The result of parsing a payload: a value or the field errors.</summary>
/// <typeparam name="T">The parsed type.</typeparam>
/// <param name="Value">The value when valid.</param>
/// <param name="Errors">The errors when invalid (empty when valid).</param>
public sealed record ParseResult<T>(T? Value, IReadOnlyList<FieldError> Errors)
    where T : class
{
    /// <summary>Gets a value indicating whether parsing succeeded.</summary>
    public bool IsValid => Value is not null && Errors.Count == 0;
}

/// <summary>Factories for <see cref="ParseResult{T}"/>.</summary>
public static class ParseResult
{
    /// <summary>Creates a success.</summary>
    public static ParseResult<T> Ok<T>(T value)
        where T : class => new(value, []);

    /// <summary>Creates a failure.</summary>
    public static ParseResult<T> Fail<T>(params FieldError[] errors)
        where T : class => new(null, errors);
}
