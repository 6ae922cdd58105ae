namespace Seamless.Simulator;

/// <summary>Entry point of the standalone simulator (placeholder until the simulator lands).</summary>
public static class Program
{
    /// <summary>Runs the simulator.</summary>
    public static int Main() => 0;
}
