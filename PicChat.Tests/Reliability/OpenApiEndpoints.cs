using System.Text.Json;
using System.Text.Json.Nodes;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// An endpoint as the API's own OpenAPI document describes it: method, path, parameters (body or query) and their example, and
/// the error codes it documents for each status.
/// </summary>
public sealed record OpenApiEndpoint(
    string Method, string Path, IReadOnlyList<string> Parameters, JsonObject Example, IReadOnlyDictionary<int, IReadOnlySet<string>> Errors)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>
    /// Whether the document lists this answer for the endpoint. Answers the web server gives before any endpoint
    /// is chosen (a URL or headers too long to read) are the same for every endpoint and not listed per endpoint.
    /// </summary>
    public bool Documents(int status, string? code) =>
        status == 200 || status is 408 or 414 or 431 || (Errors.TryGetValue(status, out var codes) && code is not null && codes.Contains(code));

    /// <summary>Every endpoint of <c>/openapi/v1.json</c>, so a new endpoint is covered the moment it is documented.</summary>
    public static async Task<IReadOnlyList<OpenApiEndpoint>> ReadAllAsync(ApiClient api)
    {
        var document = JsonNode.Parse(await api.Http.GetStringAsync("/openapi/v1.json"))!;
        var endpoints = new List<OpenApiEndpoint>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                // POST describes its parameters as a JSON body, GET and DELETE as query parameters.
                var example = operation?["requestBody"]?["content"]?["application/json"]?["example"] as JsonObject
                    ?? new JsonObject((operation?["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query")
                        .Select(p => KeyValuePair.Create((string)p!["name"]!, p["example"]?.DeepClone())));
                var errors = operation!["responses"]!.AsObject()
                    .Where(response => response.Key != "200")
                    .ToDictionary(
                        response => int.Parse(response.Key),
                        response => (IReadOnlySet<string>)(response.Value?["content"]?["application/json"]?["examples"]?.AsObject() ?? [])
                            .Select(e => e.Value!["value"]!["err"]!["code"]!.GetValue<string>()).ToHashSet());
                endpoints.Add(new OpenApiEndpoint(method.ToUpperInvariant(), path,
                    example.Select(p => p.Key).ToArray(), JsonNode.Parse(example.ToJsonString())!.AsObject(), errors));
            }
        }

        return endpoints;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
