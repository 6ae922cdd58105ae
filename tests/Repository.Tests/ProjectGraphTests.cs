using System.Xml.Linq;

namespace Seamless.Repository.Tests;

/// <summary>The architecture rules of DESIGN.md, checked from the project files.</summary>
public sealed class ProjectGraphTests
{
    // Allowed project references per src project (DESIGN.md "Projects").
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Core"] = [],
        ["Workflows"] = ["Core"],
        ["Durable"] = ["Workflows"],
        ["Azure"] = ["Workflows", "Core"],
        ["Simulator"] = ["Core"],
        ["Api"] = ["Workflows", "Core"],
        ["Host"] = ["Core", "Workflows", "Durable", "Azure", "Simulator", "Api"],
        ["Functions"] = ["Api", "Workflows", "Azure", "Core"],
    };

    public static TheoryData<string> SrcProjects => new(Allowed.Keys);

    [Fact]
    public void Core_HasNoPackageOrProjectReferences()
    {
        var project = Load("Core");

        var references = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference").ToList();

        references.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_ReferencesOnlyWhatDesignAllows(string name)
    {
        var references = ProjectReferences(Load(name));

        references.Except(Allowed[name]).ShouldBeEmpty($"{name} references a project DESIGN.md does not allow");
    }

    [Fact]
    public void HostAndFunctions_AreTheOnlyLeaves()
    {
        var referenced = Allowed.Keys.SelectMany(n => ProjectReferences(Load(n))).ToHashSet();

        var leaves = Allowed.Keys.Where(n => !referenced.Contains(n)).Order().ToList();

        leaves.ShouldBe(["Functions", "Host"]);
    }

    [Fact]
    public void Solution_HoldsEveryProject_FunctionsIncluded()
    {
        string root = RepoRoot.Find();
        string sln = File.ReadAllText(Path.Combine(root, "Functions.sln")).Replace('\\', '/');
        var projects = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "bench"), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .ToList();

        projects.ShouldContain("src/Functions/Seamless.Functions.csproj");
        foreach (string project in projects)
        {
            sln.ShouldContain(project);
        }
    }

    [Fact]
    public void CiRun_RunsExactlyTheReadmeTestCommand()
    {
        string root = RepoRoot.Find();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string ci = File.ReadAllText(Path.Combine(root, ".ci", "run"));
        const string Command = "bash scripts/test.sh";

        readme.ShouldContain(Command);
        ci.ShouldContain(Command);
    }

    [Fact]
    public void Functions_PinsTheReferencedWorkerVersions()
    {
        string root = RepoRoot.Find();
        var central = XDocument.Load(Path.Combine(root, "Directory.Packages.props"));
        string Version(string id) => central.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;

        Version("Microsoft.Azure.Functions.Worker").ShouldBe("2.52.0");
        Version("Microsoft.Azure.Functions.Worker.Sdk").ShouldBe("2.1.0");
        Version("Microsoft.Azure.Functions.Worker.Extensions.DurableTask").ShouldBe("1.21.1");
        Version("Microsoft.DurableTask.Abstractions").ShouldBe("1.28.0");
        Version("Microsoft.DurableTask.Client").ShouldBe("1.28.0");
        Version("Microsoft.Azure.Functions.Worker.OpenTelemetry").ShouldBe("1.2.0");
        Version("Azure.Monitor.OpenTelemetry.Exporter").ShouldBe("1.10.0");
    }

    [Fact]
    public void Packages_NoApplicationInsightsSdk_TelemetryIsOpenTelemetry()
    {
        string root = RepoRoot.Find();
        var central = XDocument.Load(Path.Combine(root, "Directory.Packages.props"));
        var functions = Load("Functions");

        var pinned = central.Descendants("PackageVersion").Select(e => (string)e.Attribute("Include")!).ToList();
        var referenced = functions.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToList();

        pinned.ShouldNotContain(id => id.Contains("ApplicationInsights", StringComparison.OrdinalIgnoreCase));
        referenced.ShouldNotContain(id => id.Contains("ApplicationInsights", StringComparison.OrdinalIgnoreCase));
        referenced.ShouldContain("Microsoft.Azure.Functions.Worker.OpenTelemetry");
        referenced.ShouldContain("Azure.Monitor.OpenTelemetry.Exporter");
    }

    private static XDocument Load(string name) =>
        XDocument.Load(Path.Combine(RepoRoot.Find(), "src", name, $"Seamless.{name}.csproj"));

    private static List<string> ProjectReferences(XDocument project) =>
        [.. project.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!).Replace("Seamless.", string.Empty, StringComparison.Ordinal))];
}
