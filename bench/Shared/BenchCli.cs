using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Seamless.Bench;

/// <summary>
/// Runs a benchmark's command line the way the <c>seamless</c> CLI runs its own (src/Host/Program.cs): <c>--help</c>
/// prints the usage and exits 0; a usage mistake (unknown option, malformed or out-of-range value, missing file) is
/// one line on stderr and exit 2, never a stack trace. Linked into each bench (bench/Shared), which stays self-contained.
/// </summary>
internal static class BenchCli
{
    /// <summary>The exit code of a usage mistake (the CLI's <c>ExitCodes.Usage</c>); 1 stays a bench's "target missed".</summary>
    public const int Usage = 2;

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs its action.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // An unknown word explains the rest: name it first.
            var error = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) ?? parse.Errors[0];
            await Console.Error.WriteLineAsync($"{root.Name}: {OneLine(error.Message)} (see '{CommandPath(parse)} --help')");
            return Usage;
        }

        try
        {
            // No default handler (it prints a stack trace), and no termination handler: the benches do not observe
            // cancellation, so Ctrl+C ends them at once, as it always did.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            // Input the parser cannot check (a trace's rows, a file that went away): still a usage mistake. Anything
            // else is a bug in the bench and keeps its stack trace.
            await Console.Error.WriteLineAsync($"{root.Name}: {OneLine(ex.Message)}");
            return Usage;
        }
    }

    /// <summary>
    /// A parser for a number that must satisfy <paramref name="accept"/>, described by <paramref name="rule"/>: one message
    /// for both a malformed and an out-of-range value ("--plans must be a whole number ≥ 1, not 'x'."). A word that looks
    /// like an option is reported as one, not as a number: a positional number must not swallow a mistyped option.
    /// </summary>
    public static Func<ArgumentResult, T> Number<T>(Func<T, bool> accept, string rule)
        where T : struct, IParsable<T>
    {
        ArgumentNullException.ThrowIfNull(accept);
        return result =>
        {
            if (result.Tokens.Count == 0)
            {
                return default;
            }

            string token = result.Tokens[^1].Value;
            bool parsed = T.TryParse(token, CultureInfo.InvariantCulture, out var value);
            if (parsed && accept(value))
            {
                return value;
            }

            string name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
            result.AddError(!parsed && IsOptionLike(token) ? Unrecognized(token) : $"{name} must be {rule}, not '{token}'.");
            return default;
        };
    }

    /// <summary>An optional positional number with a default, parsed by <see cref="Number{T}"/>.</summary>
    public static Argument<T> OptionalNumber<T>(string name, string description, T fallback, Func<T, bool> accept, string rule)
        where T : struct, IParsable<T> =>
        new(name)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => fallback,
            CustomParser = Number(accept, rule),
        };

    /// <summary>A number option with a default, parsed by <see cref="Number{T}"/>.</summary>
    public static Option<T> NumberOption<T>(string name, string description, T fallback, Func<T, bool> accept, string rule, string? helpName = null)
        where T : struct, IParsable<T> =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = Number(accept, rule),
        };

    /// <summary>True for a word that reads as an option (<c>--frob</c>, <c>-x</c>) rather than a value (<c>-1</c>, <c>-.5</c>).</summary>
    public static bool IsOptionLike(string token) =>
        token is ['-', var next, ..] && !char.IsAsciiDigit(next) && next != '.';

    /// <summary>System.CommandLine's own words for an unknown option or argument.</summary>
    public static string Unrecognized(string token) => $"Unrecognized command or argument '{token}'.";

    /// <summary>An error message as one line.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (CommandResult? result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
