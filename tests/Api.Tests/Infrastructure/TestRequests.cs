using System.Text;
using Microsoft.AspNetCore.Http;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>In-memory requests for the unit tests of what reads them (no server).</summary>
public static class TestRequests
{
    /// <summary>A request with this content type and body, its length declared.</summary>
    public static HttpRequest WithBody(string? contentType, string body)
    {
        var context = new DefaultHttpContext();
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }
}
