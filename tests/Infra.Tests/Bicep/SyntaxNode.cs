using System.Text.Json;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>A node of the tree-sitter-bicep syntax tree as printed by tools/bicep/parse.mjs.</summary>
public sealed class SyntaxNode
{
    private static readonly IReadOnlyList<SyntaxNode> NoChildren = [];

    public required string Type { get; init; }

    public bool Named { get; init; }

    public int Line { get; init; }

    public string? Text { get; init; }

    public bool HasError { get; init; }

    public bool IsError { get; init; }

    public bool IsMissing { get; init; }

    public IReadOnlyList<SyntaxNode> Children { get; init; } = NoChildren;

    public IEnumerable<SyntaxNode> NamedChildren => Children.Where(c => c.Named);

    public IEnumerable<SyntaxNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var node in child.DescendantsAndSelf())
            {
                yield return node;
            }
        }
    }

    public SyntaxNode? FirstChild(string type) => Children.FirstOrDefault(c => c.Type == type);

    /// <summary>The value of a plain string literal (no interpolation), or null.</summary>
    public string? StringValue()
    {
        if (Type != "string" || Children.Any(c => c.Type == "interpolation"))
        {
            return null;
        }

        return string.Concat(Children.Where(c => c.Type is "string_content" or "escape_sequence").Select(c => c.Text));
    }

    /// <summary>The leaf text of the whole subtree, joined without separators (for searching).</summary>
    public string LeafText() => string.Concat(DescendantsAndSelf().Where(n => n.Children.Count == 0).Select(n => n.Text));

    public static SyntaxNode FromJson(JsonElement element)
    {
        var start = element.GetProperty("start");
        var children = element.TryGetProperty("children", out var list)
            ? list.EnumerateArray().Select(FromJson).ToArray()
            : NoChildren;
        return new SyntaxNode
        {
            Type = element.GetProperty("type").GetString()!,
            Named = element.GetProperty("named").GetBoolean(),
            Line = start[0].GetInt32(),
            Text = element.TryGetProperty("text", out var text) ? text.GetString() : null,
            HasError = element.TryGetProperty("hasError", out var hasError) && hasError.GetBoolean(),
            IsError = element.TryGetProperty("isError", out var isError) && isError.GetBoolean(),
            IsMissing = element.TryGetProperty("isMissing", out var isMissing) && isMissing.GetBoolean(),
            Children = children,
        };
    }
}
