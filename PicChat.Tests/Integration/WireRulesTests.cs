using System.Net;
using System.Text.Json;

namespace PicChat.Tests.Integration;

/// <summary>Malformed input of every kind gets a 4xx with a JSON err, never a 500, and changes nothing.</summary>
[Collection(PicChatCollection.Name)]
public sealed class WireRulesTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"email\": 12, \"password\": \"123456\"}")]
    [InlineData("{\"email\": \"a@example.com\", \"password\": null}")]
    [InlineData("{\"email\": \"a@example.com\"}")]
    [InlineData("{\"email\": {\"nested\": true}, \"password\": \"123456\"}")]
    public async Task MalformedRegistrationsAreBadRequests(string body)
    {
        var response = await _api.PostAsync("/users/user-register", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("err").GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("9007199254740992")]
    [InlineData("99999999999999999999999999")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("\"12abc\"")]
    [InlineData("true")]
    public async Task UserIdsOutsideTheContractAreBadRequests(string userId)
    {
        var user = await _api.RegisterAsync();

        var response = await _api.GetAsync("/users/user-info-read", $$"""{"userId": {{userId}}}""", user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.ErrorCode);
    }

    [Fact]
    public async Task AMissingUserIdIsABadRequest()
    {
        var user = await _api.RegisterAsync();

        var response = await _api.GetAsync("/users/user-info-read", token: user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("userId", response.Json.GetProperty("err").GetProperty("message").GetString());
    }

    [Fact]
    public async Task NonJsonBodiesAreUnsupportedMediaType()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/users/user-register", "email=a@b.com&password=123456", null,
            contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("unsupported_media_type", response.ErrorCode);
    }

    [Fact]
    public async Task BodiesOver64KiBAreTooLarge()
    {
        var body = JsonSerializer.Serialize(new { email = Grains.Unique.Email(), password = new string('x', 70 * 1024) });

        var response = await _api.PostAsync("/users/user-register", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("payload_too_large", response.ErrorCode);
    }

    [Fact]
    public async Task AckStyleEndpointsCarryAckFalseOnFailuresFromEveryLayer()
    {
        var user = await _api.RegisterAsync();

        // Act: the session check, reading the request, the size check in front of everything, and a handler's own answer
        var failures = new[]
        {
            await _api.GetAsync("/pics/read-picture", new { userId = user.Id, picId = 1 }),
            await _api.SendAsync(HttpMethod.Post, "/chats/create-chat", "picId=1", user.Token, "text/plain"),
            await _api.PostAsync("/pics/create-picture", new { userId = user.Id, picUrl = new string('x', 70 * 1024) }, user.Token),
            await _api.GetAsync("/chats/read-chat", new { chatId = 4_000_000_000_000 }, user.Token),
        };
        var plain = await _api.GetAsync("/users/user-info-read", new { userId = user.Id });

        // Assert
        Assert.Equal([401, 415, 413, 404], failures.Select(f => (int)f.Status));
        Assert.All(failures, failure => Assert.False(failure.Json.GetProperty("ack").GetBoolean()));
        Assert.Equal(HttpStatusCode.Unauthorized, plain.Status);
        Assert.False(plain.Json.TryGetProperty("ack", out _));
    }

    [Fact]
    public async Task UnknownPathsAndWrongMethodsAnswerWithJsonErrors()
    {
        var unknown = await _api.GetAsync("/users/no-such-endpoint");
        var wrongMethod = await _api.GetAsync("/users/user-register");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("not_found", unknown.ErrorCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.Equal("method_not_allowed", wrongMethod.ErrorCode);
    }

    public static TheoryData<string, int, string> UnparsableRequests => new()
    {
        { "GET /users/user-info-read?userId=" + new string('1', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long" },
        { "GET /users/user-info%00-read HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid_request" },
        { "GET /users/user-info-read\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid_request" },
        { "GET /users/user-info-read HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('h', 40_000) + "\r\n\r\n", 431, "headers_too_large" },
        { "GET /users/user-info-read HTTP/9.9\r\nHost: x\r\n\r\n", 400, "http_version_not_supported" },
    };

    [Theory]
    [MemberData(nameof(UnparsableRequests))]
    public async Task RequestsTheWebServerCannotParseStillGetAJsonErr(string request, int status, string code)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.ApiBase.Host, fixture.ApiBase.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(request));

        // The server closes the connection after such an answer, so reading to the end gets all of it.
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (head, body) = (answer[..answer.IndexOf("\r\n\r\n")], answer[(answer.IndexOf("\r\n\r\n") + 4)..]);

        Assert.StartsWith($"HTTP/1.1 {status} ", head);
        Assert.Contains("Content-Type: application/json", head);
        Assert.Contains($"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}", head);
        var err = JsonDocument.Parse(body).RootElement.GetProperty("err");
        Assert.Equal(code, err.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(err.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ContentTypeWithCharsetIsJson()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/users/user-register",
            JsonSerializer.Serialize(new { email = Grains.Unique.Email(), password = "123456" }), null,
            contentType: "application/json; charset=utf-8");

        Assert.True(response.IsSuccess);
    }
}
