using System.Text.Json;

namespace Seamless.Functions.Tests;

/// <summary>The published Functions app (artifacts/functions, written by scripts/test.sh) and its generated metadata.</summary>
internal static class PublishedFunctionsApp
{
    public static string Root { get; } = FindRepoRoot();

    public static string Directory => Path.Combine(Root, "artifacts", "functions");

    /// <summary>Every function of the published app: name, its trigger binding, the entry point.</summary>
    public static IReadOnlyList<PublishedFunction> Functions { get; } = Load();

    /// <summary>The package and project names the published app's deps.json lists (what the worker can load).</summary>
    public static IReadOnlyList<string> Libraries { get; } = LoadLibraries();

    private static List<string> LoadLibraries()
    {
        string path = Path.Combine(Directory, "Seamless.Functions.deps.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing: publish the Functions app first (bash scripts/test.sh does).", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name.Split('/')[0])];
    }

    private static List<PublishedFunction> Load()
    {
        string path = Path.Combine(Directory, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing: publish the Functions app first (bash scripts/test.sh does).", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(f => new PublishedFunction(
            f.GetProperty("name").GetString()!,
            f.GetProperty("entryPoint").GetString()!,
            f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone()))];
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above the test output directory.");
    }
}

/// <summary>One function of the published app.</summary>
/// <param name="Name">The function name (the Durable task name for orchestrators and activities).</param>
/// <param name="EntryPoint">The method the worker invokes.</param>
/// <param name="Trigger">The trigger binding as generated.</param>
internal sealed record PublishedFunction(string Name, string EntryPoint, JsonElement Trigger)
{
    public string TriggerType => Trigger.GetProperty("type").GetString()!;

    public string? Property(string name) => Trigger.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
