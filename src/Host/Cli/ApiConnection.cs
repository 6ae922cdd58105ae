using System.CommandLine;

namespace Seamless.Host.Cli;

/// <summary>The <c>--url</c> and <c>--key</c> options every API command takes, with their environment defaults.</summary>
public sealed class ApiConnection
{
    /// <summary>The API a command talks to when neither <c>--url</c> nor <c>SEAMLESS_URL</c> says otherwise.</summary>
    public static readonly Uri DefaultUrl = new("http://127.0.0.1:7071/");

    private ApiConnection(Option<Uri?> url, Option<string?> key)
    {
        Url = url;
        Key = key;
    }

    /// <summary>Gets the <c>--url</c> option.</summary>
    public Option<Uri?> Url { get; }

    /// <summary>Gets the <c>--key</c> option.</summary>
    public Option<string?> Key { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public static ApiConnection AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var url = new Option<Uri?>("--url") { Description = "Seamless API base URL (default: $SEAMLESS_URL, else http://127.0.0.1:7071/).", CustomParser = Program.ParseUri };
        var key = new Option<string?>("--key") { Description = "API key (default: $SEAMLESS_API_KEY)." };
        command.Options.Add(url);
        command.Options.Add(key);
        return new ApiConnection(url, key);
    }

    /// <summary>The base URL: the option, <c>SEAMLESS_URL</c>, or the default.</summary>
    public Uri BaseUrl(ParseResult parse, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(cli);
        var uri = parse.GetValue(Url);
        if (uri is null && cli.Variable("SEAMLESS_URL") is { } text)
        {
            uri = Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new ArgumentException($"SEAMLESS_URL '{text}' is not an absolute http(s) URL; fix it or pass --url.");
        }

        uri ??= DefaultUrl;
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>An HTTP client for the API; dispose it when done.</summary>
    public HttpClient CreateHttp(ParseResult parse, CliContext cli) =>
        new() { BaseAddress = BaseUrl(parse, cli), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The API client over <paramref name="http"/> with the key from <c>--key</c> or <c>SEAMLESS_API_KEY</c>.</summary>
    public SeamlessApiClient CreateClient(HttpClient http, ParseResult parse, CliContext cli, string? webhookSecret = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(cli);
        return new SeamlessApiClient(http, parse.GetValue(Key) ?? cli.Variable("SEAMLESS_API_KEY"), webhookSecret);
    }
}
