using System.Net;
using System.Text;
using System.Text.Json;

namespace PicChat.Tests.Integration;

/// <summary>
/// Text that is not text (NUL, lone surrogates, invalid UTF-8), anywhere in a request, is a 400 naming the
/// member, on every endpoint, and stores nothing: it never reaches a handler, a grain or PostgreSQL.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class HostileTextTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    public static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "/users/user-register"), ("POST", "/users/user-login"), ("POST", "/users/user-logout"),
        ("POST", "/users/user-password-update"), ("POST", "/users/user-info-update"), ("DELETE", "/users/user-destroy"),
        ("GET", "/users/user-info-read"), ("POST", "/friends/create-friend"), ("DELETE", "/friends/delete-friend"),
        ("POST", "/friends/update-friend-nick-name"), ("GET", "/friends/read-friend-info"), ("GET", "/friends/read-friend-list"),
        ("POST", "/pics/create-picture"), ("DELETE", "/pics/delete-picture"), ("GET", "/pics/read-picture"),
        ("GET", "/pics/read-pictures-by-user"), ("POST", "/chats/create-chat"), ("GET", "/chats/read-chat"),
        ("GET", "/chats/read-several-chat"), ("DELETE", "/chats/delete-chat"), ("GET", "/chats/subscribe"),
    ];

    /// <summary>JSON string bodies (escapes as sent on the wire) and raw invalid UTF-8 byte sequences.</summary>
    public static TheoryData<string> BadStrings => ["\\ud800", "\\udc00", "a\\u0000b", "\\udc00\\ud800", "FF", "C0AF", "ED A080"];

    [Theory]
    [MemberData(nameof(BadStrings))]
    public async Task BadTextInAnyMemberValueIsABadRequestNamingItOnEveryEndpoint(string bad)
    {
        var user = await _api.RegisterAsync();
        foreach (var (method, path) in Endpoints)
        {
            var body = Body($"{{\"userId\":{user.Id},\"email\":\"x@example.com\",\"extra\":\"", bad, "\"}");

            var response = await _api.SendBytesAsync(new HttpMethod(method), path, body, user.Token);

            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{method} {path} with {bad}: {(int)response.Status} {response.Json}");
            Assert.Equal("invalid_request", response.ErrorCode);
            Assert.Contains("'extra'", response.Json.GetProperty("err").GetProperty("message").GetString());
        }

        // Logout and destroy were refused too, so the session still works.
        Assert.True((await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);
    }

    [Theory]
    [MemberData(nameof(BadStrings))]
    public async Task BadTextInAMemberNameOrNestedValueIsABadRequest(string bad)
    {
        var user = await _api.RegisterAsync();

        var name = await _api.SendBytesAsync(HttpMethod.Post, "/users/user-register", Body("{\"", bad, "\":1,\"email\":\"y@example.com\",\"password\":\"123456\"}"));
        var nested = await _api.SendBytesAsync(HttpMethod.Post, "/users/user-info-update",
            Body($"{{\"userId\":{user.Id},\"deep\":[{{\"a\":[\"", bad, "\"]}]}"), user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, name.Status);
        Assert.Equal("invalid_request", name.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, nested.Status);
        Assert.Contains("'deep'", nested.Json.GetProperty("err").GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheIssuesRegistrationWithALoneSurrogateIsABadRequestAndRegistersNothing()
    {
        var local = Guid.NewGuid().ToString("N");

        var response = await _api.PostAsync("/users/user-register", $$"""{"email":"\ud800{{local}}@x.io","password":"123456"}""");
        var login = await _api.PostAsync("/users/user-login", $$"""{"email":"\ud800{{local}}@x.io","password":"123456"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'email'", response.Json.GetProperty("err").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, login.Status);
    }

    [Fact]
    public async Task NulInChatContentOrAvatarIsRefusedAndNothingIsStored()
    {
        var s = await ChatScenario.CreateAsync(_api);

        var chat = await _api.PostAsync("/chats/create-chat",
            new { picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "text", content = "a\0b" }, s.Owner.Token);
        var voice = await _api.PostAsync("/chats/create-chat", new
        {
            picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "voice", voiceUrl = "https://v.example.com/\0.m4a",
        }, s.Owner.Token);
        var avatar = await _api.PostAsync("/users/user-info-update", new { userId = s.Owner.Id, avatar = "https://a.example.com/\0.png" }, s.Owner.Token);

        Assert.All([chat, voice, avatar], r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.Contains("'content'", chat.Json.GetProperty("err").GetProperty("message").GetString());
        Assert.Contains("'voiceUrl'", voice.Json.GetProperty("err").GetProperty("message").GetString());
        Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
        var profile = await _api.GetAsync("/users/user-info-read", new { userId = s.Owner.Id }, s.Owner.Token);
        Assert.Equal(JsonValueKind.Null, profile.Json.GetProperty("user").GetProperty("avatar").ValueKind);
    }

    [Theory]
    [InlineData("userId=%00")]
    [InlineData("%00=1")]
    [InlineData("userId=1&nick%00=x")]
    public async Task NulInTheQueryStringIsABadRequest(string query)
    {
        var user = await _api.RegisterAsync();

        var response = await _api.GetAsync($"/users/user-info-read?{query}", token: user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.ErrorCode);
    }

    /// <summary>
    /// Joins JSON text around one bad string: escapes are sent as written, hex names (FF, C0AF, ...) as raw bytes.
    /// </summary>
    private static byte[] Body(string before, string bad, string after)
    {
        var middle = bad.Contains('\\')
            ? Encoding.UTF8.GetBytes(bad)
            : Convert.FromHexString(bad.Replace(" ", ""));
        return [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
    }
}
