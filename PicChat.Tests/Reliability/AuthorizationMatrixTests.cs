using System.Net;
using System.Text.Json;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Every operation of the OpenAPI document, called by everyone who should not get through: no session, a
/// garbage token, a logged-out session, a destroyed user's session, and another signed-in user acting on the
/// victim's things. A stranger's answers for a real private picture or chat and for ids that do not exist are
/// the same, byte for byte, so nothing can be mapped. Nothing of the victim's changes.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class AuthorizationMatrixTests(PicChatFixture fixture) : IDisposable
{
    private const long Bogus = 8_000_000_000_000;
    private readonly ApiClient _api = new(new HttpClient(new HttpClientHandler { UseCookies = false })
    {
        BaseAddress = fixture.ApiBase,
        Timeout = TimeSpan.FromSeconds(15), // a stream opened by mistake fails the test instead of hanging it
    });

    public void Dispose() => _api.Dispose();

    /// <summary>Each operation: the request a stranger makes with the victim's ids, and the contract's answer to it.</summary>
    private static Dictionary<string, (Func<World, object> Body, HttpStatusCode Stranger, string? Code)> Matrix() => new()
    {
        ["POST /users/user-logout"] = (_ => new { }, HttpStatusCode.OK, null), // acts on the caller's own session
        ["POST /users/user-password-update"] = (w => new { userId = w.Victim.Id, oldPassword = w.Victim.Password, newPassword = "changed-by-stranger" }, HttpStatusCode.Forbidden, "forbidden"),
        ["POST /users/user-info-update"] = (w => new { userId = w.Victim.Id, mobile = "+8613800000000" }, HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /users/user-destroy"] = (w => new { userId = w.Victim.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /users/user-info-read"] = (w => new { userId = w.Victim.Id }, HttpStatusCode.OK, null), // any signed-in user may read a profile
        ["POST /friends/create-friend"] = (w => new { userId = w.Victim.Id, friendId = w.Stranger.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /friends/delete-friend"] = (w => new { userId = w.Victim.Id, friendId = w.Friend.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["POST /friends/update-friend-nick-name"] = (w => new { userId = w.Victim.Id, friendId = w.Friend.Id, nickName = "x" }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /friends/read-friend-info"] = (w => new { userId = w.Victim.Id, friendId = w.Friend.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /friends/read-friend-list"] = (w => new { userId = w.Victim.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["POST /pics/create-picture"] = (w => new { userId = w.Victim.Id, picUrl = "stranger/pic.jpg" }, HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /pics/delete-picture"] = (w => new { userId = w.Victim.Id, picId = w.PicId }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /pics/read-picture"] = (w => new { userId = w.Victim.Id, picId = w.PicId }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /pics/read-pictures-by-user"] = (w => new { userId = w.Victim.Id }, HttpStatusCode.Forbidden, "forbidden"),
        ["POST /chats/create-chat"] = (w => new { picId = w.PicId, fromUserId = w.Victim.Id, toUserId = w.Friend.Id, msgType = "text", content = "forged" }, HttpStatusCode.Forbidden, "forbidden"),
        ["GET /chats/read-chat"] = (w => new { chatId = w.ChatId }, HttpStatusCode.NotFound, "chat_not_found"),
        ["GET /chats/read-several-chat"] = (w => new { picId = w.PicId }, HttpStatusCode.NotFound, "picture_not_found"),
        ["DELETE /chats/delete-chat"] = (w => new { chatId = w.ChatId }, HttpStatusCode.NotFound, "chat_not_found"),
        ["GET /chats/subscribe"] = (w => new { picId = w.PicId }, HttpStatusCode.NotFound, "picture_not_found"),
    };

    private static readonly string[] Anonymous = ["POST /users/user-register", "POST /users/user-login"];

    [Fact]
    public async Task EveryEndpointRefusesEveryoneButTheRightUserAndRevealsNothing()
    {
        var world = await World.CreateAsync(_api);
        var operations = (await OpenApiEndpoints.ReadAsync(_api)).Select(op => $"{op.Method} {op.Path}").ToList();
        var matrix = Matrix();
        Assert.Empty(operations.Except(matrix.Keys).Except(Anonymous)); // a new endpoint must be added here

        var unauthenticated = new (string Who, string? Token)[]
        {
            ("no session", null), ("a garbage token", "1.not-a-real-token"), ("a forged id", $"{world.Victim.Id}.AAAA"),
            ("a logged-out session", world.LoggedOutToken), ("a destroyed user's session", world.DestroyedToken),
        };
        foreach (var operation in operations.Except(Anonymous))
        {
            var (method, path) = Split(operation);
            var (body, strangerStatus, strangerCode) = matrix[operation];
            foreach (var (who, token) in unauthenticated)
            {
                var response = await _api.SendAsync(method, path, body(world), token);
                Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{operation} with {who}: {(int)response.Status} {response.Json}");
                Assert.Equal("unauthenticated", response.ErrorCode);
            }

            // Logout acts on the caller's own session, so it gets a spare one.
            var strangerToken = operation == "POST /users/user-logout" ? world.StrangerSpareToken : world.Stranger.Token;
            var asStranger = await _api.SendAsync(method, path, body(world), strangerToken);
            Assert.True(asStranger.Status == strangerStatus, $"{operation} as another user: {(int)asStranger.Status} {asStranger.Json}");
            if (strangerCode is not null)
            {
                Assert.Equal(strangerCode, asStranger.ErrorCode);
            }
        }

        // What the stranger read of the victim's profile leaves out the private mobile number.
        var profile = await _api.GetAsync("/users/user-info-read", new { userId = world.Victim.Id }, world.Stranger.Token);
        Assert.Equal(JsonValueKind.Null, profile.Json.GetProperty("user").GetProperty("mobile").ValueKind);

        await world.AssertUntouchedAsync(_api);
    }

    [Fact]
    public async Task AStrangerCannotTellARealPrivatePictureOrChatFromOneThatDoesNotExist()
    {
        var world = await World.CreateAsync(_api);
        var s = world.Stranger;
        var probes = new (string Method, string Path, Func<long, long, object> Body)[]
        {
            ("GET", "/pics/read-picture", (pic, _) => new { userId = s.Id, picId = pic }),
            ("DELETE", "/pics/delete-picture", (pic, _) => new { userId = s.Id, picId = pic }),
            ("GET", "/chats/read-several-chat", (pic, _) => new { picId = pic }),
            ("GET", "/chats/read-several-chat", (pic, chat) => new { picId = pic, before = chat }),
            ("GET", "/chats/read-several-chat", (pic, chat) => new { picId = pic, after = chat }),
            ("GET", "/chats/subscribe", (pic, _) => new { picId = pic }),
            ("POST", "/chats/create-chat", (pic, _) => new { picId = pic, fromUserId = s.Id, toUserId = world.Victim.Id, msgType = "text", content = "hi" }),
            ("GET", "/chats/read-chat", (_, chat) => new { chatId = chat }),
            ("DELETE", "/chats/delete-chat", (_, chat) => new { chatId = chat }),
        };

        foreach (var (method, path, body) in probes)
        {
            var real = await _api.SendAsync(new HttpMethod(method), path, body(world.PicId, world.ChatId), s.Token);
            var bogus = await _api.SendAsync(new HttpMethod(method), path, body(Bogus + world.PicId, Bogus + world.ChatId), s.Token);
            var mixed = await _api.SendAsync(new HttpMethod(method), path, body(Bogus + world.PicId, world.ChatId), s.Token);

            Assert.True(real.Status == HttpStatusCode.NotFound, $"{method} {path} for a real private id: {(int)real.Status} {real.Json}");
            Assert.Equal((real.Status, real.Json.GetRawText()), (bogus.Status, bogus.Json.GetRawText()));
            Assert.Equal((real.Status, real.Json.GetRawText()), (mixed.Status, mixed.Json.GetRawText()));
        }

        await world.AssertUntouchedAsync(_api);
    }

    private static (HttpMethod, string) Split(string operation) =>
        (new HttpMethod(operation[..operation.IndexOf(' ')]), operation[(operation.IndexOf(' ') + 1)..]);

    /// <summary>A victim with a friend, a private picture and a chat on it; a stranger; dead sessions.</summary>
    private sealed record World(TestUser Victim, TestUser Friend, TestUser Stranger, string StrangerSpareToken,
        long PicId, long ChatId, string LoggedOutToken, string DestroyedToken)
    {
        public static async Task<World> CreateAsync(ApiClient api)
        {
            var victim = await api.RegisterAsync();
            var friend = await api.RegisterAsync();
            var stranger = await api.RegisterAsync();
            Assert.True((await api.PostAsync("/users/user-info-update", new { userId = victim.Id, mobile = "+8613912345678" }, victim.Token)).IsSuccess);
            Assert.True((await api.PostAsync("/friends/create-friend", new { userId = victim.Id, friendId = friend.Id }, victim.Token)).IsSuccess);
            var picture = await api.PostAsync("/pics/create-picture", new { userId = victim.Id, picUrl = "private/pic.jpg" }, victim.Token);
            var picId = picture.Json.GetProperty("picId").GetInt64();
            var chat = await api.PostAsync("/chats/create-chat",
                new { picId, fromUserId = victim.Id, toUserId = friend.Id, msgType = "text", content = "private" }, victim.Token);
            Assert.True(chat.IsSuccess, chat.Json.ToString());

            var spare = await api.PostAsync("/users/user-login", new { email = stranger.Email, password = stranger.Password });
            var leaving = await api.RegisterAsync();
            Assert.True((await api.PostAsync("/users/user-logout", new { }, leaving.Token)).IsSuccess);
            var destroyed = await api.RegisterAsync();
            Assert.True((await api.DeleteAsync("/users/user-destroy", new { userId = destroyed.Id }, destroyed.Token)).IsSuccess);
            return new World(victim, friend, stranger, spare.Json.GetProperty("token").GetString()!, picId,
                chat.Json.GetProperty("chatId").GetInt64(), leaving.Token, destroyed.Token);
        }

        public async Task AssertUntouchedAsync(ApiClient api)
        {
            var login = await api.PostAsync("/users/user-login", new { email = Victim.Email, password = Victim.Password });
            Assert.True(login.IsSuccess, "the victim's password changed: " + login.Json);
            var profile = await api.GetAsync("/users/user-info-read", new { userId = Victim.Id }, Victim.Token);
            Assert.Equal("+8613912345678", profile.Json.GetProperty("user").GetProperty("mobile").GetString());
            var friends = await api.GetAsync("/friends/read-friend-list", new { userId = Victim.Id }, Victim.Token);
            Assert.Equal(1, friends.Json.GetProperty("friends").GetArrayLength());
            Assert.True((await api.GetAsync("/pics/read-picture", new { userId = Victim.Id, picId = PicId }, Victim.Token)).IsSuccess);
            var chat = await api.GetAsync("/chats/read-chat", new { chatId = ChatId }, Victim.Token);
            Assert.Equal("private", chat.Json.GetProperty("content").GetString());
            var pictures = await api.GetAsync("/pics/read-pictures-by-user", new { userId = Victim.Id }, Victim.Token);
            Assert.Equal(1, pictures.Json.GetProperty("picsInfo").GetArrayLength());
        }
    }
}
