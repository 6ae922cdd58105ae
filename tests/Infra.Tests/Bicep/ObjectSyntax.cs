namespace Seamless.Infra.Tests.Bicep;

/// <summary>Reads properties of Bicep object literals in the syntax tree.</summary>
public static class ObjectSyntax
{
    /// <summary>The value of property <paramref name="name"/> of an object node, or null.</summary>
    public static SyntaxNode? Property(this SyntaxNode? obj, string name)
    {
        if (obj?.Type != "object")
        {
            return null;
        }

        foreach (var property in obj.Children.Where(c => c.Type == "object_property"))
        {
            var key = property.NamedChildren.FirstOrDefault();
            var keyName = key?.Type == "string" ? key.StringValue() : key?.Text;
            if (keyName == name)
            {
                return property.Children.SkipWhile(c => c.Type != ":").Skip(1).FirstOrDefault(c => c.Named);
            }
        }

        return null;
    }

    /// <summary>Follows a dotted path of properties, e.g. "properties.siteConfig.minTlsVersion".</summary>
    public static SyntaxNode? Path(this SyntaxNode? obj, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        var current = obj;
        foreach (var segment in dottedPath.Split('.'))
        {
            current = current.Property(segment);
        }

        return current;
    }

    /// <summary>True/false for a boolean literal, null for anything else.</summary>
    public static bool? BooleanValue(this SyntaxNode? node) => node?.Type == "boolean" && node.Children.Count > 0
        ? node.Children[0].Type == "true"
        : null;

    /// <summary>Is this node a call of a function with that name (e.g. guid(...))?</summary>
    public static bool IsCallOf(this SyntaxNode? node, string function) =>
        node?.Type == "call_expression" && node.NamedChildren.FirstOrDefault()?.Text == function;
}
