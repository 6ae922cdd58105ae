using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// Hours of the day (UTC), as a set: where a plan's bursts recur (<see cref="PromiseAccount.BurstHours"/>) and where
/// the minimum its promise needs is held (<see cref="NamedMinimum.Hours"/>). Written as the hours in order, [0, 1, 22, 23].
/// </summary>
/// <param name="Mask">Bit h: hour h (0–23).</param>
[JsonConverter(typeof(HoursOfDayJsonConverter))]
public readonly record struct HoursOfDay(int Mask)
{
    /// <summary>Every hour of the day.</summary>
    public static readonly HoursOfDay AllDay = new((1 << 24) - 1);

    /// <summary>Gets the hours, in order.</summary>
    public IReadOnlyList<int> Hours => [.. Enumerable.Range(0, 24).Where(Holds)];

    /// <summary>The hours <paramref name="hour"/> and <paramref name="margin"/> either side of it, round midnight.</summary>
    /// <param name="hour">The hour (0–23).</param>
    /// <param name="margin">Hours either side.</param>
    /// <returns>The hours.</returns>
    public static HoursOfDay Around(int hour, int margin)
    {
        var mask = 0;
        for (var d = -margin; d <= margin; d++)
        {
            mask |= 1 << ((((hour + d) % 24) + 24) % 24);
        }

        return new HoursOfDay(mask);
    }

    /// <summary>Whether <paramref name="hour"/> is one of them.</summary>
    /// <param name="hour">The hour (0–23).</param>
    /// <returns>True when it is.</returns>
    public bool Holds(int hour) => hour is >= 0 and < 24 && (Mask & (1 << hour)) != 0;

    /// <summary>Whether every hour of <paramref name="other"/> is one of these.</summary>
    /// <param name="other">The other hours.</param>
    /// <returns>True when it is.</returns>
    public bool Covers(HoursOfDay other) => (other.Mask & ~Mask) == 0;

    /// <summary>The hours of either.</summary>
    public static HoursOfDay operator |(HoursOfDay a, HoursOfDay b) => new(a.Mask | b.Mask);

    /// <summary>The hours of both.</summary>
    public static HoursOfDay operator &(HoursOfDay a, HoursOfDay b) => new(a.Mask & b.Mask);

    /// <summary>The hours as UTC ranges round midnight, "22:00–01:59 UTC"; "all day" or "no hour".</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (this == AllDay)
        {
            return "all day";
        }

        if (Mask == 0)
        {
            return "no hour";
        }

        // Each range starts at an hour whose previous hour is not one of them.
        var ranges = new List<string>();
        for (var h = 0; h < 24; h++)
        {
            if (!Holds(h) || Holds((h + 23) % 24))
            {
                continue;
            }

            var end = h;
            while (Holds((end + 1) % 24))
            {
                end = (end + 1) % 24;
            }

            ranges.Add(string.Create(CultureInfo.InvariantCulture, $"{h:00}:00–{end:00}:59"));
        }

        return $"{string.Join(", ", ranges)} UTC";
    }
}

/// <summary>Writes <see cref="HoursOfDay"/> as its hours in order and reads them back; an hour outside 0–23 is refused.</summary>
public sealed class HoursOfDayJsonConverter : JsonConverter<HoursOfDay>
{
    /// <inheritdoc/>
    public override HoursOfDay Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Hours of the day are an array of hours (0–23).");
        }

        var mask = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var hour) || hour is < 0 or > 23)
            {
                throw new JsonException("An hour of the day is a whole number from 0 to 23.");
            }

            mask |= 1 << hour;
        }

        return new HoursOfDay(mask);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, HoursOfDay value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var hour in value.Hours)
        {
            writer.WriteNumberValue(hour);
        }

        writer.WriteEndArray();
    }
}
