using System.Text.Json;
using System.Text.Json.Nodes;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>An endpoint as the API's own OpenAPI document describes it: method, path, parameters and their example.</summary>
public sealed record OpenApiEndpoint(string Method, string Path, IReadOnlyList<string> Parameters, JsonObject Example)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>Every endpoint of <c>/openapi/v1.json</c>, so a new endpoint is covered the moment it is documented.</summary>
    public static async Task<IReadOnlyList<OpenApiEndpoint>> ReadAllAsync(ApiClient api)
    {
        var document = JsonNode.Parse(await api.Http.GetStringAsync("/openapi/v1.json"))!;
        var endpoints = new List<OpenApiEndpoint>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var example = operation?["requestBody"]?["content"]?["application/json"]?["example"] as JsonObject ?? [];
                endpoints.Add(new OpenApiEndpoint(method.ToUpperInvariant(), path,
                    example.Select(p => p.Key).ToArray(), JsonNode.Parse(example.ToJsonString())!.AsObject()));
            }
        }

        return endpoints;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
