using System.Text.Json;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.State;

/// <summary>Reads a record the app keeps in the state store as JSON, telling a well-formed one from one to write over (pure).</summary>
internal static class StoredRecord
{
    /// <summary>The record a stored value holds, or what is wrong with it: not JSON of its shape, empty, or refused by <paramref name="problem"/>.</summary>
    /// <typeparam name="T">The record's type.</typeparam>
    /// <param name="json">The stored value.</param>
    /// <param name="problem">What is wrong with a record that parsed, or null when nothing is.</param>
    /// <returns>The record and null, or null and the problem.</returns>
    public static (T? Record, string? Problem) Parse<T>(string json, Func<T, string?> problem)
        where T : class
    {
        try
        {
            return WorkflowJson.Deserialize<T>(json) is not { } record ? (null, "empty")
                : problem(record) is { } wrong ? (null, wrong)
                : (record, null);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }
}
