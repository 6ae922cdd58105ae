using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Seamless.Workflows.Orchestration;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <summary>
/// The operator commands over the HTTP API: <c>status</c>, <c>list</c>, <c>approve</c>, <c>abort</c>,
/// <c>scale-in run</c>, <c>decisions</c> and <c>plans</c>. Every read command takes <c>--json</c> (the API's JSON,
/// indented); the rest prints one line per item, no wrapping, no colour when not on a terminal.
/// </summary>
public static partial class ApiCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly JsonSerializerOptions IndentedWorkflow = new(WorkflowJson.Options) { WriteIndented = true };

    /// <summary>The polling interval while following.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON." };

    private static void WriteJson(CliContext cli, JsonElement element) => cli.Out.WriteLine(JsonSerializer.Serialize(element, Indented));

    private static void WriteTable(CliContext cli, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        cli.Out.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            cli.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";

    private static string Percent(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";

    private static string SiteName(string id) => id.Length == 0 ? "-" : id[(id.LastIndexOf('/') + 1)..];
}
