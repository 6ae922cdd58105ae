namespace Seamless.Infra.Tests.Bicep;

/// <summary>A top-level declaration (param, output, resource, …) with the decorators written above it.</summary>
public sealed record Declaration(SyntaxNode Node, IReadOnlyList<SyntaxNode> Decorators)
{
    public string Kind => Node.Type;

    public string Name => Node.FirstChild("identifier")?.Text ?? string.Empty;

    public int Line => Node.Line;

    /// <summary>The decorator call with this name (`@name(...)` or `@sys.name(...)`), or null.</summary>
    public SyntaxNode? Decorator(string name) =>
        Decorators
            .Select(d => d.FirstChild("call_expression"))
            .FirstOrDefault(call => call is not null && DecoratorName(call) == name);

    /// <summary>The first argument of the description decorator when it is a plain string.</summary>
    public string? Description() =>
        Decorator("description")?.FirstChild("arguments")?.NamedChildren.FirstOrDefault()?.StringValue();

    /// <summary>For resources: the declared 'Type@apiVersion' string.</summary>
    public string? ResourceTypeReference() => Node.FirstChild("string")?.StringValue();

    public bool IsExisting => Node.Children.Any(c => c.Type == "existing");

    /// <summary>For resources and modules: the body object, looking through `if (...)` and `[for ...: ...]`.</summary>
    public SyntaxNode? Body()
    {
        var value = Node.Children.SkipWhile(c => c.Type != "=").Skip(1).FirstOrDefault(c => c.Named);
        return Unwrap(value);
    }

    /// <summary>For outputs: the value expression after '='.</summary>
    public SyntaxNode? Value() => Node.Children.SkipWhile(c => c.Type != "=").Skip(1).FirstOrDefault(c => c.Named);

    public static IReadOnlyList<Declaration> Of(SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var declarations = new List<Declaration>();
        var pending = new List<SyntaxNode>();
        foreach (var child in root.Children)
        {
            switch (child.Type)
            {
                case "decorators":
                    pending.AddRange(child.Children.Where(d => d.Type == "decorator"));
                    break;
                case "comment":
                    break;
                default:
                    declarations.Add(new Declaration(child, pending.ToArray()));
                    pending.Clear();
                    break;
            }
        }

        return declarations;
    }

    private static SyntaxNode? Unwrap(SyntaxNode? node) => node?.Type switch
    {
        "object" => node,
        "if_statement" or "for_statement" => Unwrap(node.NamedChildren.LastOrDefault(c => c.Type is "object" or "if_statement")),
        _ => null,
    };

    private static string? DecoratorName(SyntaxNode call)
    {
        var function = call.NamedChildren.FirstOrDefault();
        return function?.Type switch
        {
            "identifier" => function.Text,
            "member_expression" => function.NamedChildren.LastOrDefault()?.Text,
            _ => null,
        };
    }
}
