using System.Text;

namespace Seamless.Api.Tests;

public sealed class WebhookSignatureTests
{
    // GitHub's published test vector ("Validating webhook deliveries").
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubPayload = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void Sign_GitHubTestVector_MatchesPublishedSignature()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        string header = WebhookSignature.Sign(GitHubSecret, body);

        header.ShouldBe(GitHubSignature);
    }

    [Fact]
    public void Verify_GitHubTestVector_Accepts()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        bool valid = WebhookSignature.Verify(GitHubSecret, body, GitHubSignature);

        valid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_UppercaseHex_Accepts()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        bool valid = WebhookSignature.Verify(GitHubSecret, body, "sha256=" + GitHubSignature["sha256=".Length..].ToUpperInvariant());

        valid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("missing", null)]
    [InlineData("empty", "")]
    [InlineData("no prefix", "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1 prefix", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("one digit off", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("truncated", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("too long", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1700")]
    [InlineData("not hex", "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("prefix only", "sha256=")]
    [InlineData("whitespace padded", " sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Verify_MalformedOrWrongHeader_Rejects(string name, string? header)
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        bool valid = WebhookSignature.Verify(GitHubSecret, body, header);

        valid.ShouldBeFalse(name);
    }

    [Fact]
    public void Verify_BodyChangedByOneByte_Rejects()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload + " ");

        bool valid = WebhookSignature.Verify(GitHubSecret, body, GitHubSignature);

        valid.ShouldBeFalse();
    }

    [Fact]
    public void Verify_OtherSecret_Rejects()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        bool valid = WebhookSignature.Verify("another secret", body, GitHubSignature);

        valid.ShouldBeFalse();
    }

    [Fact]
    public void Verify_EmptySecret_Throws()
    {
        byte[] body = Encoding.UTF8.GetBytes(GitHubPayload);

        Should.Throw<ArgumentException>(() => WebhookSignature.Verify(string.Empty, body, GitHubSignature));
    }
}
