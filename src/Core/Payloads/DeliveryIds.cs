using System.Text.RegularExpressions;

namespace Seamless.Core.Payloads;

/// <summary>
/// The one definition of a delivery id (the idempotency key of an upgrade delivery), whether it comes in the
/// body's <c>deliveryId</c> or in a delivery header; the OpenAPI document is checked against <see cref="Pattern"/>.
/// </summary>
public static partial class DeliveryIds
{
    /// <summary>1-200 printable ASCII characters without spaces (\z, not $: '$' also matches before a final newline).</summary>
    public const string Pattern = @"^[\x21-\x7E]{1,200}\z";

    /// <summary>Whether <paramref name="value"/> is a well-formed delivery id.</summary>
    public static bool IsValid(string? value) => value is not null && Regex().IsMatch(value);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Regex();
}
