using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PicChat.Api.Cluster;

namespace PicChat.Tests.Integration;

/// <summary>What operators and integrators use: health probes, the OpenAPI document, the reference page, the dashboard.</summary>
[Collection(PicChatCollection.Name)]
public sealed class OperationsTests(PicChatFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.ApiBase };

    public void Dispose() => _http.Dispose();

    public static readonly TheoryData<string, string> ContractEndpoints = new()
    {
        { "post", "/users/user-register" }, { "post", "/users/user-login" }, { "post", "/users/user-logout" },
        { "post", "/users/user-password-update" }, { "post", "/users/user-info-update" }, { "delete", "/users/user-destroy" },
        { "get", "/users/user-info-read" },
        { "post", "/friends/create-friend" }, { "delete", "/friends/delete-friend" }, { "post", "/friends/update-friend-nick-name" },
        { "get", "/friends/read-friend-info" }, { "get", "/friends/read-friend-list" },
        { "post", "/pics/create-picture" }, { "delete", "/pics/delete-picture" }, { "get", "/pics/read-picture" },
        { "get", "/pics/read-pictures-by-user" },
        { "post", "/chats/create-chat" }, { "get", "/chats/read-chat" }, { "get", "/chats/read-several-chat" },
        { "delete", "/chats/delete-chat" }, { "get", "/chats/subscribe" },
    };

    [Fact]
    public async Task TheOpenApiDocumentListsExactlyTheContractsEndpoints()
    {
        var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement;

        var listed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => (method.Name, path.Name)))
            .Order().ToArray();
        var expected = ContractEndpoints.Select(row => ((string)row[0], (string)row[1])).Order().ToArray();
        Assert.Equal(expected, listed);
    }

    [Theory]
    [MemberData(nameof(ContractEndpoints))]
    public async Task EachEndpointDocumentsItsParametersResponsesAndErrors(string method, string path)
    {
        var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement;
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("description").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
        var responses = operation.GetProperty("responses");
        Assert.True(responses.TryGetProperty("200", out _));
        var security = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).Order();
        if (path is "/users/user-register" or "/users/user-login")
        {
            // They need no session, so they never answer unauthenticated.
            Assert.Empty(security);
            Assert.DoesNotContain("unauthenticated", responses.TryGetProperty("401", out var failed) ? failed.GetProperty("description").GetString() : "");
        }
        else
        {
            Assert.Equal(["bearer", "sessionCookie"], security);
            Assert.True(responses.TryGetProperty("401", out var unauthenticated));
            Assert.Contains("unauthenticated", unauthenticated.GetProperty("description").GetString());
        }

        Assert.True(responses.TryGetProperty("503", out _));
        if (method == "post")
        {
            var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            if (path != "/users/user-logout") // it takes no parameters, so there is nothing to show
            {
                Assert.Equal(JsonValueKind.Object, body.GetProperty("example").ValueKind);
            }
        }
        else
        {
            // GET and DELETE: query parameters, each required one with its example; the JSON body they also accept is
            // said in words.
            Assert.False(operation.TryGetProperty("requestBody", out _), "a GET or DELETE body is said in the description, not described");
            var query = operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToArray();
            static bool Required(JsonElement p) => p.TryGetProperty("required", out var required) && required.GetBoolean();
            Assert.Contains(query, Required);
            Assert.All(query.Where(Required),
                p => Assert.True(p.TryGetProperty("example", out _), $"{p.GetProperty("name")} has no example"));
            Assert.Contains("JSON object in the body", operation.GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task IdsAreDocumentedAs64BitIntegers()
    {
        var document = await _http.GetStringAsync("/openapi/v1.json");
        var root = JsonDocument.Parse(document).RootElement;

        // Act: every integer schema of an id parameter, in the query or in a body.
        var idSchemas = root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject())
            .SelectMany(operation => IdSchemas(operation.Value)).ToArray();

        // Assert
        Assert.NotEmpty(idSchemas);
        Assert.All(idSchemas, schema => Assert.Equal("int64", schema.GetProperty("format").GetString()));
    }

    private static IEnumerable<JsonElement> IdSchemas(JsonElement operation)
    {
        static bool IsId(string name) => name.EndsWith("Id", StringComparison.Ordinal);
        static IEnumerable<JsonElement> Integers(JsonElement schema) =>
            (schema.TryGetProperty("anyOf", out var anyOf) ? anyOf.EnumerateArray().ToArray() : [schema])
            .Where(s => s.TryGetProperty("type", out var type)
                && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "integer") : type.GetString() == "integer"));

        if (operation.TryGetProperty("parameters", out var parameters))
        {
            foreach (var parameter in parameters.EnumerateArray().Where(p => IsId(p.GetProperty("name").GetString()!)))
            {
                foreach (var schema in Integers(parameter.GetProperty("schema")))
                {
                    yield return schema;
                }
            }
        }

        if (operation.TryGetProperty("requestBody", out var body)
            && body.GetProperty("content").GetProperty("application/json").GetProperty("schema").TryGetProperty("properties", out var members))
        {
            foreach (var member in members.EnumerateObject().Where(m => IsId(m.Name)))
            {
                foreach (var schema in Integers(member.Value))
                {
                    yield return schema;
                }
            }
        }
    }

    [Fact]
    public async Task TheReferencePageIsServedAtDocs()
    {
        var page = await _http.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("PicChat API", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiAndSiloAnswerHealthAndAliveProbes()
    {
        Assert.Equal("Healthy", await _http.GetStringAsync("/health"));
        Assert.Equal("Healthy", await _http.GetStringAsync("/alive"));
        using var silo = new HttpClient { BaseAddress = new Uri(fixture.SiloManagementUrl) };
        Assert.Equal("Healthy", await silo.GetStringAsync("/health"));
        Assert.Equal("Healthy", await silo.GetStringAsync("/alive"));
    }

    [Fact]
    public async Task TheDashboardIsOnlyOnItsLoopbackPort()
    {
        var port = fixture.Api.Configuration.GetValue<int>(DashboardEndpoint.PortKey);
        using var dashboard = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var page = await dashboard.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.GetAsync("/users/user-info-read?userId=1")).StatusCode);
    }
}
