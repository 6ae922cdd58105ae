namespace Seamless.Core.Resources;

/// <summary>Slot naming rules shared by every layer.</summary>
public static class SlotNames
{
    /// <summary>The name of the production slot.</summary>
    public const string Production = "production";

    /// <summary>Returns true for null, empty or "production" (case-insensitive).</summary>
    public static bool IsProduction(string? slot) =>
        string.IsNullOrEmpty(slot) || string.Equals(slot, Production, StringComparison.OrdinalIgnoreCase);

    /// <summary>Normalises a slot name: production becomes "production", others keep their case.</summary>
    public static string Normalize(string? slot) => IsProduction(slot) ? Production : slot!;
}
