using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Seamless.Api;

/// <summary>
/// The self-hosted server's key check: runs <see cref="ApiKeyAuthenticator.Authorize"/> before the handler and
/// answers its problem instead when the request may not pass. The Functions app calls the same method from its
/// triggers, so both hosts check keys in one place.
/// </summary>
/// <param name="access">The keys the route accepts.</param>
public sealed class ApiKeyFilter(ApiAccess access) : IEndpointFilter
{
    /// <summary>Gets the keys the route accepts.</summary>
    public ApiAccess Access => access;

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var authenticator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        return authenticator.Authorize(context.HttpContext, access) is { } denied ? denied : await next(context);
    }
}

/// <summary>Adds <see cref="ApiKeyFilter"/> to a route.</summary>
public static class ApiKeyFilterExtensions
{
    /// <summary>Requires the keys <paramref name="access"/> names on the route (the filter is in its metadata too, for tests and tools).</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder builder, ApiAccess access = ApiAccess.Api)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var filter = new ApiKeyFilter(access);
        return builder.AddEndpointFilter(filter).WithMetadata(filter);
    }
}
