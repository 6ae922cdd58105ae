using Seamless.Host.Cli;
using Spectre.Console;

namespace Seamless.Host.Tests.Cli;

public sealed class CliContextTests
{
    [Theory]
    [InlineData("a terminal", false, null, null, false)]
    [InlineData("piped", true, null, null, true)]
    [InlineData("NO_COLOR on a terminal", false, "1", null, true)]
    [InlineData("NO_COLOR empty is unset", false, "", null, false)]
    [InlineData("TERM=dumb", false, null, "dumb", true)]
    public void IsPlain_OutputAndEnvironment_PlainWhenNotATerminalOrAskedTo(string name, bool redirected, string? noColor, string? term, bool plain)
    {
        string? Env(string variable) => variable switch { "NO_COLOR" => noColor, "TERM" => term, _ => null };

        bool result = CliContext.IsPlain(redirected, Env);

        result.ShouldBe(plain, name);
    }

    [Fact]
    public void CreateConsole_Plain_WritesLongMarkupLinesWithoutColourOrWrapping()
    {
        var output = new StringWriter();
        var console = new CliContext(output, TextWriter.Null, Plain: true, _ => null).CreateConsole();
        string words = string.Join(' ', Enumerable.Repeat("verdict", 60));

        console.MarkupLine($"[green]Promoted[/]: {words}");

        string text = output.ToString();
        text.ShouldNotContain("\u001b");
        text.TrimEnd('\n', '\r').ShouldBe($"Promoted: {words}");
    }
}
