using System.Text.Json;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>Every operation the API's own OpenAPI document lists, so that no endpoint escapes a test that walks them.</summary>
public static class OpenApiEndpoints
{
    public static async Task<IReadOnlyList<(string Method, string Path)>> ReadAsync(ApiClient api)
    {
        var response = await api.Http.GetStringAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(response).RootElement.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "delete" or "put" or "patch")
                .Select(op => (op.Name.ToUpperInvariant(), path.Name)))
            .Where(op => !op.Item2.StartsWith("/health", StringComparison.Ordinal) && !op.Item2.StartsWith("/alive", StringComparison.Ordinal))
            .ToList();
        Assert.True(operations.Count >= 21, $"the OpenAPI document lists only {operations.Count} operations");
        return operations;
    }
}
