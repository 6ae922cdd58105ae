namespace Seamless.Infra.Tests.Bicep;

/// <summary>Locates the repository (the folder holding Functions.sln) and the Bicep tooling in it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string ParserScript => Path.Combine(Root, "tools", "bicep", "parse.mjs");

    public static string ParserModules => Path.Combine(Root, "tools", "bicep", "node_modules");

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Every .bicep file under infra/, as paths relative to the repository root with '/' separators.</summary>
    public static IReadOnlyList<string> InfraBicepFiles() =>
        Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

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
