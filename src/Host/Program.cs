namespace Seamless.Host;

/// <summary>Entry point of the seamless CLI.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main() => 0;
}
