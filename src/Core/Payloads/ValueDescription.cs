namespace Seamless.Core.Payloads;

/// <summary>
/// What a setting or field of a given type takes, in the user's terms rather than the .NET type's, for messages that
/// refuse a value (a policy file, a configuration key, a command-line option). Pure.
/// </summary>
public static class ValueDescription
{
    /// <summary>Describes the values <paramref name="type"/> takes.</summary>
    /// <param name="type">The type of the setting (nullable or not).</param>
    /// <param name="json">True where the value is written in JSON (durations and names then stand in quotes).</param>
    /// <returns>E.g. "a whole number", "a duration as [d.]hh:mm:ss (e.g. 00:10:00)".</returns>
    public static string Of(Type type, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(TimeSpan) => json
                ? "a duration \"hh:mm:ss\" (e.g. \"00:10:00\"; days as \"d.hh:mm:ss\")"
                : "a duration as [d.]hh:mm:ss (e.g. 00:10:00)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number (e.g. 0.1)",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO 8601 time (e.g. 2026-12-01T00:00:00Z)",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(name => json ? $"\"{name}\"" : name)),
            _ when type == typeof(Uri) => "a URL",
            _ => "a value of another form",
        };
    }
}
