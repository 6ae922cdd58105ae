using Spectre.Console;

namespace Seamless.Host.Cli;

/// <summary>
/// Where the CLI writes, and how. On a terminal: colour and the terminal's width. When stdout is not a terminal
/// (a pipe, a file, CI) or <c>NO_COLOR</c> is set: plain lines — no ANSI codes, no colour, no wrapping — so
/// scripts and logs read what a person would.
/// </summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Plain">True for plain lines.</param>
/// <param name="Environment">Reads an environment variable.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool Plain, Func<string, string?> Environment)
{
    /// <summary>A line wider than any terminal: plain output is never wrapped.</summary>
    public const int PlainWidth = 100_000;

    /// <summary>The process's console.</summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        IsPlain(Console.IsOutputRedirected, System.Environment.GetEnvironmentVariable),
        System.Environment.GetEnvironmentVariable);

    /// <summary>Plain when stdout is not a terminal, when <c>NO_COLOR</c> is set (no-color.org: any non-empty value) or <c>TERM=dumb</c>.</summary>
    public static bool IsPlain(bool outputRedirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return outputRedirected
            || !string.IsNullOrEmpty(environment("NO_COLOR"))
            || string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
    }

    /// <summary>A Spectre console over <see cref="Out"/>: rich on a terminal, plain (no ANSI, no colour, no wrapping) otherwise.</summary>
    public IAnsiConsole CreateConsole()
    {
        if (!Plain && ReferenceEquals(Out, Console.Out))
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = Plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Out),
        });
        if (Plain)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }

    /// <summary>An environment variable, or null when unset or empty.</summary>
    public string? Variable(string name) => Environment(name) is { Length: > 0 } value ? value : null;
}
