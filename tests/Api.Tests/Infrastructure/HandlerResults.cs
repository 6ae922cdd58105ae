using Microsoft.AspNetCore.Http.HttpResults;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>What a minimal-API handler's declared return type says it writes: each success body with its status where the type fixes it (Ok 200, Accepted 202; a JSON result says it at run time).</summary>
public sealed record HandlerResults(IReadOnlyList<(int? Status, Type Type)> Successes)
{
    /// <summary>Reads a handler's return type (<c>Task&lt;Results&lt;…&gt;&gt;</c> or a single typed result).</summary>
    public static HandlerResults Of(Type returnType)
    {
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            returnType = returnType.GetGenericArguments()[0];
        }

        var results = returnType.IsGenericType && returnType.Namespace == typeof(Results<,>).Namespace && returnType.Name.StartsWith("Results`", StringComparison.Ordinal)
            ? returnType.GetGenericArguments()
            : [returnType];
        var successes = new List<(int?, Type)>();
        foreach (var result in results.Where(r => r.IsGenericType))
        {
            var definition = result.GetGenericTypeDefinition();
            int? status = definition == typeof(Ok<>) ? 200 : definition == typeof(Accepted<>) ? 202 : null;
            if (definition == typeof(Ok<>) || definition == typeof(Accepted<>) || definition == typeof(JsonHttpResult<>))
            {
                successes.Add((status, result.GetGenericArguments()[0]));
            }
        }

        return new HandlerResults(successes);
    }
}
