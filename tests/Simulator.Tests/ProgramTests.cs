namespace Seamless.Simulator.Tests;

/// <summary>The standalone simulator's command line: every option, its default, and one line for each usage mistake.</summary>
public sealed class ProgramTests
{
    [Fact]
    public void ParseArgs_None_Defaults()
    {
        var options = Program.ParseArgs([]);

        options.ShouldBe(new SimulatorOptions());
    }

    [Fact]
    public void ParseArgs_InlineValuesAndSeveralUrls_AreRead()
    {
        var options = Program.ParseArgs(["--urls=http://127.0.0.1:5077;http://[::1]:5077", "--time-scale=120", "--start=2025-01-01T18:30:00Z", "--seed=-4"]);

        options.Urls.ShouldBe(["http://127.0.0.1:5077", "http://[::1]:5077"]);
        options.TimeScale.ShouldBe(120);
        options.Start.ShouldBe(new DateTimeOffset(2025, 1, 1, 18, 30, 0, TimeSpan.Zero));
        options.Seed.ShouldBe(-4);
    }

    [Fact]
    public void ParseArgs_DrivenTime_IsRead()
    {
        Program.ParseArgs(["--driven-time"]).DrivenTime.ShouldBeTrue();
        Program.ParseArgs([]).DrivenTime.ShouldBeFalse();
    }

    [Fact]
    public void ParseArgs_StartWithoutOffset_IsUtc()
    {
        var options = Program.ParseArgs(["--start", "2025-01-01T18:30:00"]);

        options.Start.ShouldBe(new DateTimeOffset(2025, 1, 1, 18, 30, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("unknown option", "--colour", "Unknown argument '--colour'.")]
    [InlineData("stray word", "fleet.json", "Unknown argument 'fleet.json'.")]
    [InlineData("time scale below real time", "--time-scale 0", "--time-scale 0 is out of range: simulated seconds per real second, from 1 (real time) to 100000.")]
    [InlineData("time scale not a number", "--time-scale fast", "--time-scale fast is out of range: simulated seconds per real second, from 1 (real time) to 100000.")]
    [InlineData("time scale too fast", "--time-scale 100001", "--time-scale 100001 is out of range: simulated seconds per real second, from 1 (real time) to 100000.")]
    [InlineData("driven time at a speed", "--driven-time --time-scale 10", "--driven-time and --time-scale are mutually exclusive: driven time does not run at a speed.")]
    [InlineData("seed not an integer", "--seed 1.5", "--seed must be an integer.")]
    [InlineData("start not a time", "--start yesterday", "--start must be an ISO-8601 time, e.g. 2025-01-01T18:30:00Z.")]
    public void ParseArgs_UsageMistake_FormatExceptionNamingTheFlag(string name, string arguments, string message)
    {
        var ex = Should.Throw<FormatException>(() => Program.ParseArgs(arguments.Split(' ')), name);

        ex.Message.ShouldBe(message, name);
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("--time-scale")]
    public void ParseArgs_MissingValue_FormatExceptionNamingTheFlag(string flag)
    {
        var ex = Should.Throw<FormatException>(() => Program.ParseArgs([flag]));

        ex.Message.ShouldContain(flag);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Main_UsageMistake_ExitTwoWithOneLineAndTheUsage()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await Program.Main(["--seed", "many"]);
        }
        finally
        {
            Console.SetError(original);
        }

        exit.ShouldBe(2);
        error.ToString().TrimEnd().ShouldBe($"Seamless.Simulator: --seed must be an integer. (usage: {Program.Usage})");
    }
}
