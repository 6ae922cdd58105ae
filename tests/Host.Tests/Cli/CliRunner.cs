namespace Seamless.Host.Tests.Cli;

/// <summary>Runs the <c>seamless</c> CLI in process with captured output, plain lines and only the given environment.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var context = new Seamless.Host.Cli.CliContext(output, error, Plain: true, name => env.TryGetValue(name, out string? value) ? value : null);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        int exit = await Program.RunAsync(args, context, cts.Token);

        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What a CLI run printed and returned.</summary>
internal sealed record CliResult(int Exit, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}
