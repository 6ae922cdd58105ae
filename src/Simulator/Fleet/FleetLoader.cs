using System.Text.Json;
using System.Text.Json.Serialization;
using Seamless.Simulator.Json;

namespace Seamless.Simulator.Fleet;

/// <summary>Reads a fleet file (JSON, README.md).</summary>
public static class FleetLoader
{
    /// <summary>
    /// The simulator's JSON with fields no fleet type has refused: a misspelled field would otherwise leave its default in
    /// the fleet without a word (the simulator's API payloads keep tolerating them, as ARM does).
    /// </summary>
    private static readonly JsonSerializerOptions FileOptions = new(SimJsonContext.Default.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Parses fleet JSON.</summary>
    /// <exception cref="InvalidDataException">The text is not a fleet: the message names the field by its path in the file.</exception>
    public static FleetSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FleetSpec? read;
        try
        {
            read = JsonSerializer.Deserialize<FleetSpec>(json, FileOptions);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 })
        {
            // Where, in the file's own terms; the serializer's words name the simulator's .NET types.
            throw new InvalidDataException($"{ex.Path} (line {(ex.LineNumber ?? 0) + 1}) is not a field of the format, or its value is of the wrong kind.", ex);
        }

        var fleet = read ?? throw new InvalidDataException("The fleet file is empty.");
        if (fleet.Subscriptions.Count == 0)
        {
            throw new InvalidDataException("The fleet has no subscriptions.");
        }

        return fleet;
    }

    /// <summary>Reads a fleet file.</summary>
    public static FleetSpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Serialises a fleet (e.g. to write the default fleet as a starting point).</summary>
    public static string ToJson(FleetSpec fleet) => JsonSerializer.Serialize(fleet, SimJsonContext.Default.FleetSpec);
}
