using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Seamless.Host.Cli;

/// <summary>
/// An example per command, printed under the standard help: <c>seamless --help</c> lists every command's example,
/// <c>seamless &lt;command&gt; --help</c> its own (a group, such as <c>scale-in</c>, its subcommands').
/// </summary>
public sealed class CliExamples
{
    private readonly Dictionary<Command, string> _examples = [];

    /// <summary>Gets every command's example, in the order they were added.</summary>
    public IReadOnlyCollection<string> All => _examples.Values;

    /// <summary>Records <paramref name="example"/> for <paramref name="command"/> (and returns the command, to add it inline).</summary>
    public Command Add(Command command, string example)
    {
        ArgumentNullException.ThrowIfNull(command);
        _examples[command] = example;
        return command;
    }

    /// <summary>Replaces the root's help action with one that prints the examples after the help.</summary>
    public void Install(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesAction((HelpAction)help.Action!, this);
    }

    /// <summary>True when the command line asks for help (which a missing required argument must not prevent).</summary>
    public static bool IsHelp(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.Action is ExamplesAction or HelpAction;
    }

    /// <summary>The examples for <paramref name="command"/>: its own, or those of the commands under it.</summary>
    public IReadOnlyList<string> For(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is RootCommand)
        {
            return [.. All];
        }

        var found = new List<string>();
        Collect(command, found);
        return found;
    }

    private void Collect(Command command, List<string> found)
    {
        if (_examples.TryGetValue(command, out string? example))
        {
            found.Add(example);
            return;
        }

        foreach (var sub in command.Subcommands)
        {
            Collect(sub, found);
        }
    }

    private sealed class ExamplesAction(HelpAction inner, CliExamples examples) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            var lines = examples.For(parseResult.CommandResult.Command);
            if (lines.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(lines.Count == 1 ? "Example:" : "Examples:");
                foreach (string line in lines)
                {
                    output.WriteLine("  " + line);
                }

                output.WriteLine();
            }

            return code;
        }
    }
}
