using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>What the seasonal guard does when neither yesterday's nor last week's history is available.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MissingSeasonalDataBehaviour>))]
public enum MissingSeasonalDataBehaviour
{
    /// <summary>Skip the guard (new plans have no history; the other rules still protect them).</summary>
    Skip,

    /// <summary>Hold: never scale in without a day of history.</summary>
    Hold,
}
