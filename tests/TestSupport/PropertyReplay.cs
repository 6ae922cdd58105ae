namespace Seamless.TestSupport;

/// <summary>
/// How the property tests (<c>[Property]</c> from FsCheck.Xunit) stay reproducible. Each fixes its seed with
/// <c>Replay = "&lt;seed&gt;," + PropertyReplay.Gamma</c>, so it draws the same cases on every run and machine, and a
/// failure fails the same way again. FsCheck reports a failure as
/// <c>Falsifiable, after 12 tests (3 shrinks) (1234,5678)</c> followed by the original and shrunk case. To explore
/// beyond the fixed cases, drop <c>Replay</c> locally: a failure then prints the seed that found it, and
/// <c>Replay = "1234,5678"</c> on the attribute replays it.
/// </summary>
public static class PropertyReplay
{
    /// <summary>The gamma FsCheck pairs with a bare seed (<c>new Rnd(seed)</c>: SplitMix's golden gamma).</summary>
    public const string Gamma = "11400714819323198485";
}
