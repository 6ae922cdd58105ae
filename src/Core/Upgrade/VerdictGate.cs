using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.Upgrade;

/// <summary>The kinds of gate an upgrade reports a verdict for.</summary>
public enum VerdictGateKind
{
    /// <summary>The request and the site checked before anything changes.</summary>
    Validation,

    /// <summary>The plan's capacity lease.</summary>
    Lease,

    /// <summary>The configuration diff of the two slots.</summary>
    ConfigDiff,

    /// <summary>The build identity of the slots.</summary>
    Build,

    /// <summary>The verified warm-up of the source slot.</summary>
    WarmUp,

    /// <summary>The smoke paths through the source slot.</summary>
    Smoke,

    /// <summary>A canary routing step, judged against production.</summary>
    Canary,

    /// <summary>The manual approval.</summary>
    Approval,

    /// <summary>The guard window after the swap.</summary>
    Guard,
}

/// <summary>
/// The gate a verdict is about: a kind, and for a canary its routing step. On the wire it is the gate's name as it
/// always was (<c>warm-up</c>, <c>canary 10 %</c>…), so stored histories and clients read it unchanged.
/// </summary>
/// <param name="Kind">The kind of gate.</param>
/// <param name="Step">The routing percentage of a canary step; null for every other gate.</param>
[JsonConverter(typeof(VerdictGateJsonConverter))]
public readonly record struct VerdictGate(VerdictGateKind Kind, double? Step = null)
{
    private const string CanaryPrefix = "canary ";
    private const string CanarySuffix = " %";

    private static readonly Dictionary<VerdictGateKind, string> Names = new()
    {
        [VerdictGateKind.Validation] = "validation",
        [VerdictGateKind.Lease] = "lease",
        [VerdictGateKind.ConfigDiff] = "config-diff",
        [VerdictGateKind.Build] = "build",
        [VerdictGateKind.WarmUp] = "warm-up",
        [VerdictGateKind.Smoke] = "smoke",
        [VerdictGateKind.Approval] = "approval",
        [VerdictGateKind.Guard] = "guard",
    };

    /// <summary>Gets the validation gate.</summary>
    public static VerdictGate Validation => new(VerdictGateKind.Validation);

    /// <summary>Gets the lease gate.</summary>
    public static VerdictGate Lease => new(VerdictGateKind.Lease);

    /// <summary>Gets the configuration diff gate.</summary>
    public static VerdictGate ConfigDiff => new(VerdictGateKind.ConfigDiff);

    /// <summary>Gets the build identity gate.</summary>
    public static VerdictGate Build => new(VerdictGateKind.Build);

    /// <summary>Gets the warm-up gate.</summary>
    public static VerdictGate WarmUp => new(VerdictGateKind.WarmUp);

    /// <summary>Gets the smoke gate.</summary>
    public static VerdictGate Smoke => new(VerdictGateKind.Smoke);

    /// <summary>Gets the approval gate.</summary>
    public static VerdictGate Approval => new(VerdictGateKind.Approval);

    /// <summary>Gets the guard window gate.</summary>
    public static VerdictGate Guard => new(VerdictGateKind.Guard);

    /// <summary>The canary gate of one routing step.</summary>
    /// <param name="step">The routing percentage.</param>
    public static VerdictGate Canary(double step) => new(VerdictGateKind.Canary, step);

    /// <summary>The gate's name, as written on the wire and shown to operators.</summary>
    public override string ToString() => Kind == VerdictGateKind.Canary
        ? string.Concat(CanaryPrefix, (Step ?? 0).ToString(CultureInfo.InvariantCulture), CanarySuffix)
        : Names[Kind];

    /// <summary>Reads a gate's name.</summary>
    /// <param name="name">A name as <see cref="ToString"/> writes it.</param>
    /// <exception cref="FormatException">The name is no gate's.</exception>
    public static VerdictGate Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (kind, known) in Names)
        {
            if (string.Equals(name, known, StringComparison.Ordinal))
            {
                return new VerdictGate(kind);
            }
        }

        if (name.StartsWith(CanaryPrefix, StringComparison.Ordinal) && name.EndsWith(CanarySuffix, StringComparison.Ordinal)
            && double.TryParse(name.AsSpan(CanaryPrefix.Length, name.Length - CanaryPrefix.Length - CanarySuffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double step))
        {
            return Canary(step);
        }

        throw new FormatException($"'{name}' is not a verdict gate.");
    }
}

/// <summary>Writes a <see cref="VerdictGate"/> as its name and reads it back.</summary>
public sealed class VerdictGateJsonConverter : JsonConverter<VerdictGate>
{
    /// <inheritdoc/>
    public override VerdictGate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType == JsonTokenType.String
                ? VerdictGate.Parse(reader.GetString()!)
                : throw new JsonException("A verdict gate is a string.");
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, VerdictGate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
