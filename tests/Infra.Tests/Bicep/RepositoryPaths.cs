namespace Seamless.Infra.Tests.Bicep;

/// <summary>Locates the repository (the folder holding Functions.sln) and the files the tests compile.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    // Cleared once per test run: a run that was stopped half-way leaves its folders behind.
    private static readonly Lazy<string> LazyScratchRoot = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bicep-scratch");
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return path;
    });

    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainParameters => Path.Combine(Infra, "main.bicepparam");

    public static string AllowedResourceTypes => Path.Combine(Infra, "allowed-resource-types.json");

    public static string Fixtures => Path.Combine(Root, "tests", "Infra.Tests", "Fixtures");

    /// <summary>A new empty folder under the test output for files the compiler writes (snapshots, built templates).</summary>
    public static string NewScratchDirectory()
    {
        var path = Path.Combine(LazyScratchRoot.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Functions.sln not found above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
