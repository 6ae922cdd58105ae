namespace Seamless.Host.Tests.Support;

/// <summary>Where the built programs are: next to the test assembly (referenced exe projects copy their runtimeconfig), else in src/*/bin.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string HostDll => Find("seamless.dll", "src/Host");

    public static string SimulatorDll => Find("Seamless.Simulator.dll", "src/Simulator");

    private static string Find(string dll, string project)
    {
        string local = Path.Combine(AppContext.BaseDirectory, dll);
        if (File.Exists(local) && File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json")))
        {
            return local;
        }

        // Same configuration and target framework as this test assembly (…/bin/<Configuration>/<tfm>/).
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string candidate = Path.Combine(Root, project, "bin", dir.Parent!.Name, dir.Name, dll);
        return File.Exists(candidate) ? candidate : throw new FileNotFoundException($"Build {project} first: {dll} is neither in {AppContext.BaseDirectory} nor at {candidate}.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
