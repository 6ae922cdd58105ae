using System.Text.Json;
using System.Text.Json.Serialization;
using Seamless.Core.Canary;

namespace Seamless.Core.Upgrade;

/// <summary>
/// The structured detail of a gate verdict: exactly one of the Core verdicts behind it. On the wire it is that verdict
/// itself, as it always was (no wrapper, no type tag); reading tells the three apart by a member only each has.
/// </summary>
[JsonConverter(typeof(VerdictDetailJsonConverter))]
public sealed record VerdictDetail
{
    /// <summary>Initializes a new instance of the <see cref="VerdictDetail"/> class with a canary or guard judgement.</summary>
    /// <param name="canary">The judgement, with its per-metric verdicts.</param>
    public VerdictDetail(CanaryVerdict canary) => Canary = canary ?? throw new ArgumentNullException(nameof(canary));

    /// <summary>Initializes a new instance of the <see cref="VerdictDetail"/> class with a configuration diff.</summary>
    /// <param name="configDiff">The diff.</param>
    public VerdictDetail(ConfigDiffReport configDiff) => ConfigDiff = configDiff ?? throw new ArgumentNullException(nameof(configDiff));

    /// <summary>Initializes a new instance of the <see cref="VerdictDetail"/> class with a build identity verdict.</summary>
    /// <param name="build">The verdict.</param>
    public VerdictDetail(BuildIdentityVerdict build) => Build = build ?? throw new ArgumentNullException(nameof(build));

    /// <summary>Gets the canary or guard judgement, when that is the detail.</summary>
    public CanaryVerdict? Canary { get; }

    /// <summary>Gets the configuration diff, when that is the detail.</summary>
    public ConfigDiffReport? ConfigDiff { get; }

    /// <summary>Gets the build identity verdict, when that is the detail.</summary>
    public BuildIdentityVerdict? Build { get; }
}

/// <summary>Writes a <see cref="VerdictDetail"/> as the verdict it holds and reads it back.</summary>
public sealed class VerdictDetailJsonConverter : JsonConverter<VerdictDetail>
{
    /// <inheritdoc/>
    public override VerdictDetail Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A verdict's detail is an object.");
        }

        // Names compared without case: the durable engines may write with or without the camel-case policy.
        if (Has(json, nameof(CanaryVerdict.Metrics)))
        {
            return new VerdictDetail(json.Deserialize<CanaryVerdict>(options) ?? throw new JsonException("A canary verdict is null."));
        }

        if (Has(json, nameof(ConfigDiffReport.OnlyInSource)))
        {
            return new VerdictDetail(json.Deserialize<ConfigDiffReport>(options) ?? throw new JsonException("A configuration diff is null."));
        }

        if (Has(json, nameof(BuildIdentityVerdict.Requested)))
        {
            return new VerdictDetail(json.Deserialize<BuildIdentityVerdict>(options) ?? throw new JsonException("A build identity verdict is null."));
        }

        throw new JsonException("A verdict's detail is a canary verdict, a configuration diff or a build identity verdict.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, VerdictDetail value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        object inner = (object?)value.Canary ?? (object?)value.ConfigDiff ?? value.Build!;
        JsonSerializer.Serialize(writer, inner, inner.GetType(), options);
    }

    private static bool Has(JsonElement json, string name) =>
        json.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
