using Azure.Core;
using Azure.Core.Pipeline;

namespace Seamless.Azure.Http;

/// <summary>Adds a fixed bearer token (simulator only, where endpoints are plain-http loopback).</summary>
internal sealed class StaticTokenPolicy(string token) : HttpPipelineSynchronousPolicy
{
    private readonly string _header = "Bearer " + token;

    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, _header);
}
