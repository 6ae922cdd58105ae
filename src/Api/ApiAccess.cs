namespace Seamless.Api;

/// <summary>Which keys a route accepts (<see cref="ApiKeyAuthenticator.Authorize"/> applies it).</summary>
public enum ApiAccess
{
    /// <summary>No key: health, the console, the OpenAPI document.</summary>
    Anonymous,

    /// <summary>An API key; an approver key too on reads (GET, HEAD).</summary>
    Api,

    /// <summary>Approving a release: an approver key when any is configured, else an API key.</summary>
    Approver,

    /// <summary>Aborting a release: an API key or an approver key.</summary>
    Operator,
}
