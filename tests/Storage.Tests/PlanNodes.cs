using System.Text.Json;

namespace Runtype.Storage.Tests;

/// <summary>The nodes of a PostgreSQL plan (<c>EXPLAIN (FORMAT JSON)</c>), the root first, for the plan tests to search.</summary>
internal static class PlanNodes
{
    public static List<JsonElement> Of(string plan) => [.. Walk(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"))];

    private static IEnumerable<JsonElement> Walk(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Walk))
            {
                yield return child;
            }
        }
    }
}
