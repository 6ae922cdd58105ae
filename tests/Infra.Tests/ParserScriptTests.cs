using System.Text.Json;
using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>tools/bicep/parse.mjs prints a JSON tree and fails loudly on I/O errors.</summary>
public sealed class ParserScriptTests
{
    [Fact]
    public void Run_ValidFile_PrintsTreeWithTypesAndIdentifierText()
    {
        var (exitCode, output, _) = BicepParser.Run(Path.Combine(RepositoryPaths.Infra, "modules", "identity.bicep"));

        exitCode.ShouldBe(0);
        using var document = JsonDocument.Parse(output, new JsonDocumentOptions { MaxDepth = 1024 });
        var root = SyntaxNode.FromJson(document.RootElement.GetProperty("root"));
        root.Type.ShouldBe("infrastructure");
        root.DescendantsAndSelf().ShouldContain(n => n.Type == "identifier" && n.Text == "identity");
    }

    [Fact]
    public void Run_MissingFile_ExitsNonZeroWithMessage()
    {
        var (exitCode, _, error) = BicepParser.Run(Path.Combine(RepositoryPaths.Root, "infra", "does-not-exist.bicep"));

        exitCode.ShouldNotBe(0);
        error.ShouldContain("cannot read");
    }

    [Fact]
    public void Run_NoArguments_ExitsNonZeroWithUsage()
    {
        var (exitCode, _, error) = BicepParser.Run();

        exitCode.ShouldNotBe(0);
        error.ShouldContain("usage");
    }
}
