namespace Seamless.Azure.Http;

/// <summary>
/// The parts of any ARM resource id the batch API constrains: subscription and full resource type
/// (e.g. Microsoft.Web/serverfarms or Microsoft.Web/sites/slots).
/// </summary>
internal sealed record ResourceIdParts(string Id, string Subscription, string Type)
{
    public static ResourceIdParts Parse(string? id, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, paramName);
        string[] segments = id.Trim('/').Split('/');

        // subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}]...
        if (segments.Length < 8
            || segments.Length % 2 != 0
            || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            || !Guid.TryParse(segments[1], out _)
            || segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"'{id}' is not an ARM resource id.", paramName);
        }

        var type = new List<string> { segments[5] };
        for (int i = 6; i < segments.Length; i += 2)
        {
            type.Add(segments[i]);
        }

        return new ResourceIdParts("/" + string.Join('/', segments), segments[1], string.Join('/', type));
    }
}
