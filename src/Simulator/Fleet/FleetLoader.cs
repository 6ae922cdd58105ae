using System.Text.Json;
using Seamless.Simulator.Json;

namespace Seamless.Simulator.Fleet;

/// <summary>Reads a fleet file (JSON, README.md).</summary>
public static class FleetLoader
{
    /// <summary>Parses fleet JSON.</summary>
    public static FleetSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var fleet = JsonSerializer.Deserialize(json, SimJsonContext.Default.FleetSpec)
            ?? throw new InvalidDataException("The fleet file is empty.");
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
