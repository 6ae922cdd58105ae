using System.Text.Json;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>Assertions shared by the HTTP tests.</summary>
public static class ApiResponseAssertions
{
    private static readonly string[] Internals = ["Exception", "   at ", ".cs:line", "System.", "Seamless."];

    /// <summary>Asserts an RFC 9457 problem with this status and no implementation details.</summary>
    public static JsonElement ShouldBeProblem(this ApiResponse response, int status)
    {
        response.Status.ShouldBe(status, response.ToString());
        response.ContentType.ShouldBe("application/problem+json", response.ToString());
        var json = response.Json;
        json.GetProperty("status").GetInt32().ShouldBe(status);
        json.GetProperty("type").GetString()!.ShouldStartWith(ApiProblems.TypeBase);
        json.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        json.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        foreach (string marker in Internals)
        {
            response.Body.ShouldNotContain(marker, Case.Sensitive, response.ToString());
        }

        return json;
    }

    /// <summary>Asserts a 400 whose <c>errors[].field</c> names the field and whose detail mentions it.</summary>
    public static void ShouldBeInvalid(this ApiResponse response, string field)
    {
        var json = response.ShouldBeProblem(400);
        response.ErrorFields.ShouldContain(field, response.ToString());
        json.GetProperty("detail").GetString()!.ShouldStartWith(response.ErrorFields[0]);
        foreach (var error in json.GetProperty("errors").EnumerateArray())
        {
            error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        }
    }

    /// <summary>Asserts a hostile request got one of the allowed outcomes, never a 5xx, and errors as problem+json.</summary>
    public static void ShouldBeHandled(this ApiResponse response, params int[] allowed)
    {
        response.Status.ShouldBeLessThan(500, response.ToString());
        allowed.ShouldContain(response.Status, response.ToString());
        if (response.Status >= 400)
        {
            response.ShouldBeProblem(response.Status);
        }
    }
}
