namespace Seamless.Api.Requests;

/// <summary>The query of <c>GET /api/upgrades?site=&amp;status=&amp;limit=</c> as sent; <see cref="UpgradeListFilter.Parse"/> validates it.</summary>
/// <param name="Site">A site resource id or name, raw.</param>
/// <param name="Status">A status, raw.</param>
/// <param name="Limit">A page size, raw.</param>
public sealed record UpgradeListQuery(string? Site, string? Status, string? Limit)
{
    /// <summary>Reads the query from the request (both hosts call this).</summary>
    public static UpgradeListQuery FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        return new UpgradeListQuery(query["site"].FirstOrDefault(), query["status"].FirstOrDefault(), query["limit"].FirstOrDefault());
    }
}
