using Seamless.Core.Resources;

namespace Seamless.Core.Tests.Resources;

public sealed class AzureResourceIdTests
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";

    public static TheoryData<string, string?> Invalid => new()
    {
        { "empty", "" },
        { "null", null },
        { "no guid", "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Web/sites/app" },
        { "traversal", $"/subscriptions/{Sub}/resourceGroups/../providers/Microsoft.Web/sites/app/../../x" },
        { "other provider", $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm" },
        { "plan slot", $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p/slots/s" },
        { "trailing slash", $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app/" },
        { "trailing newline", $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app\n" },
        { "injection", $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app';DROP" },
        { "too long", "/" + new string('a', 2000) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_Invalid_ReturnsNullWithReason(string name, string? value)
    {
        var id = AzureResourceId.TryParse(value, out string? error);

        id.ShouldBeNull(name);
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void TryParse_SlotId_KeepsSiteAndSlot()
    {
        var id = AzureResourceId.Parse($"/subscriptions/{Sub}/resourcegroups/rg/providers/microsoft.web/sites/app/slots/staging");

        id.IsSite.ShouldBeTrue();
        id.Slot.ShouldBe("staging");
        id.Site.ToString().ShouldBe($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app");
        id.WithSlot("production").ShouldBe(id.Site);
    }

    [Fact]
    public void Equals_IgnoresCase()
    {
        var a = AzureResourceId.Parse($"/subscriptions/{Sub}/resourceGroups/RG/providers/Microsoft.Web/serverfarms/Plan");
        var b = AzureResourceId.Parse($"/SUBSCRIPTIONS/{Sub.ToUpperInvariant()}/resourcegroups/rg/providers/microsoft.web/serverfarms/plan");

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }
}
