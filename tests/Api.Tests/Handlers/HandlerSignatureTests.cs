using System.Reflection;
using Microsoft.AspNetCore.Http;
using Seamless.Api.Handlers;

namespace Seamless.Api.Tests.Handlers;

/// <summary>The shared handlers take typed inputs (route values, request records, a token), never the HTTP objects of either host.</summary>
public sealed class HandlerSignatureTests
{
    private static readonly Type[] HttpTypes = [typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse)];

    private static readonly Type[] Handlers =
        [.. typeof(UpgradeDeliveryHandler).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(UpgradeDeliveryHandler).Namespace)];

    public static TheoryData<string> HandlerTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Handlers)
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HandlerTypes))]
    public void PublicMethods_Parameters_NoHttpContextRequestOrResponse(string typeName)
    {
        var type = Handlers.Single(t => t.Name == typeName);

        var offending = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .SelectMany(m => m.GetParameters().Select(p => (Method: m.Name, p.ParameterType)))
            .Where(p => HttpTypes.Any(h => h.IsAssignableFrom(p.ParameterType)))
            .Select(p => $"{p.Method}({p.ParameterType.Name})")
            .ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void HandlerTypes_Listed_CoverTheSixHandlerClasses()
    {
        var names = Handlers.Select(t => t.Name).ToList();

        names.ShouldContain(nameof(UpgradeDeliveryHandler));
        names.ShouldContain(nameof(UpgradeReadHandlers));
        names.ShouldContain(nameof(UpgradeSignalHandlers));
        names.ShouldContain(nameof(AlertHandler));
        names.ShouldContain(nameof(ScaleInHandlers));
        names.ShouldContain(nameof(FleetHandlers));
    }
}
