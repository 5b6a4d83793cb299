using System.Net;
using System.Text.Json.Nodes;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Every endpoint of the OpenAPI document, aimed at one user's private things, asked by everyone who should not
/// get them: nobody, a garbage token, a logged-out and a destroyed user's token (all 401), and another signed-in
/// user (the contract's answer for each endpoint). A stranger's answers for a private picture's real ids and for
/// ids that do not exist are the same, byte for byte.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class AuthorizationMatrixTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    /// <summary>What another signed-in user gets when naming the victim (or the victim's things) in each endpoint.</summary>
    private static readonly Dictionary<string, (HttpStatusCode Status, string? Code)> StrangerExpects = new()
    {
        ["POST /users/user-register"] = (HttpStatusCode.Conflict, "email_taken"),
        ["POST /users/user-login"] = (HttpStatusCode.Unauthorized, "invalid_credentials"),
        ["POST /users/user-logout"] = (HttpStatusCode.OK, null), // ends the caller's own session, nobody else's
        ["POST /users/user-password-update"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["POST /users/user-info-update"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /users/user-destroy"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /users/user-info-read"] = (HttpStatusCode.OK, null), // any profile, mobile hidden (checked below)
        ["POST /friends/create-friend"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /friends/delete-friend"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["POST /friends/update-friend-nick-name"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /friends/read-friend-info"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /friends/read-friend-list"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["POST /pics/create-picture"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["DELETE /pics/delete-picture"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /pics/read-picture"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /pics/read-pictures-by-user"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["POST /chats/create-chat"] = (HttpStatusCode.Forbidden, "forbidden"),
        ["GET /chats/read-chat"] = (HttpStatusCode.NotFound, "chat_not_found"),
        ["GET /chats/read-several-chat"] = (HttpStatusCode.NotFound, "picture_not_found"),
        ["DELETE /chats/delete-chat"] = (HttpStatusCode.NotFound, "chat_not_found"),
        ["GET /chats/subscribe"] = (HttpStatusCode.NotFound, "picture_not_found"),
    };

    private static readonly HashSet<string> Anonymous = ["POST /users/user-register", "POST /users/user-login"];

    [Fact]
    public async Task EveryEndpointAnswersEveryoneWhoMayNotActAsTheContractSays()
    {
        var world = await World.CreateAsync(_api);
        var endpoints = await OpenApiEndpoint.ReadAllAsync(_api);

        // No endpoint escapes: each documented one has its expected answer, and each expectation an endpoint.
        Assert.Equal(StrangerExpects.Keys.Order(), endpoints.Select(e => e.ToString()).Order());

        foreach (var endpoint in endpoints)
        {
            var parameters = world.AimedAtVictim(endpoint);
            foreach (var (who, token) in world.Unauthenticated)
            {
                var answer = await SendAsync(endpoint, parameters, token);
                var expected = Anonymous.Contains(endpoint.ToString()) ? StrangerExpects[endpoint.ToString()] : (HttpStatusCode.Unauthorized, "unauthenticated");
                AssertAnswer(expected, answer, endpoint, $"{endpoint} as {who}");
            }

            // A fresh session for each endpoint: the stranger's logout ends only the stranger's own.
            var stranger = await world.RegisterStrangerAsync();
            var strangers = await SendAsync(endpoint, parameters, stranger.Token);
            AssertAnswer(StrangerExpects[endpoint.ToString()], strangers, endpoint, $"{endpoint} as another user");
            if (endpoint.ToString() == "GET /users/user-info-read")
            {
                Assert.Null(strangers.Json.GetProperty("user").GetProperty("mobile").GetString());
            }
        }

        // Nothing the others tried changed the victim's account or ended its session.
        var own = await _api.GetAsync("/users/user-info-read", new { userId = world.Victim.Id }, world.Victim.Token);
        Assert.True(own.IsSuccess);
        Assert.Equal("+8613900000000", own.Json.GetProperty("user").GetProperty("mobile").GetString());
        Assert.True((await _api.GetAsync("/chats/read-chat", new { chatId = world.ChatId }, world.Victim.Token)).IsSuccess);
    }

    [Fact]
    public async Task AStrangersAnswersForAPrivatePicturesRealAndBogusIdsAreIdentical()
    {
        var world = await World.CreateAsync(_api);
        var stranger = await world.RegisterStrangerAsync();
        var endpoints = (await OpenApiEndpoint.ReadAllAsync(_api))
            .Where(e => e.Parameters.Contains("picId") || e.Parameters.Contains("chatId")).ToArray();
        Assert.NotEmpty(endpoints);

        foreach (var endpoint in endpoints)
        {
            foreach (var (real, bogus) in world.RealAndBogusIdsAs(stranger, endpoint))
            {
                var forReal = await SendAsync(endpoint, real, stranger.Token);
                var forBogus = await SendAsync(endpoint, bogus, stranger.Token);

                Assert.True(forReal.Status == HttpStatusCode.NotFound, $"{endpoint} {real.ToJsonString()}: {(int)forReal.Status} {forReal.Json}");
                Assert.Equal((forBogus.Status, forBogus.Json.GetRawText()), (forReal.Status, forReal.Json.GetRawText()));
            }
        }
    }

    private static void AssertAnswer((HttpStatusCode Status, string? Code) expected, ApiResponse answer, OpenApiEndpoint endpoint, string what)
    {
        Assert.True(expected.Status == answer.Status, $"{what}: expected {(int)expected.Status}, got {(int)answer.Status} {answer.Json}");
        if (expected.Code is not null)
        {
            Assert.True(expected.Code == answer.ErrorCode, $"{what}: expected {expected.Code}, got {answer.Json}");
        }

        Assert.True(answer.IsSuccess || endpoint.Documents((int)answer.Status, answer.ErrorCode),
            $"{what}: {(int)answer.Status} {answer.Json} is not in the OpenAPI document");
    }

    private Task<ApiResponse> SendAsync(OpenApiEndpoint endpoint, JsonObject parameters, string? token) =>
        _api.SendAsync(new HttpMethod(endpoint.Method), endpoint.Path, parameters.ToJsonString(), token);

    /// <summary>
    /// The victim, a friend they added, the victim's private picture with a chat, and the tokens of those who may not
    /// act: none, garbage, a logged-out user's and a destroyed user's.
    /// </summary>
    private sealed record World(ApiClient Api, TestUser Victim, TestUser Friend, long PicId, long ChatId, (string Who, string? Token)[] Unauthenticated)
    {
        private const long Bogus = 4_000_000_000_000;

        public static async Task<World> CreateAsync(ApiClient api)
        {
            var victim = await api.RegisterAsync();
            var friend = await api.RegisterAsync();
            Assert.True((await api.PostAsync("/users/user-info-update", new { userId = victim.Id, mobile = "+8613900000000" }, victim.Token)).IsSuccess);
            Assert.True((await api.PostAsync("/friends/create-friend", new { userId = victim.Id, friendId = friend.Id }, victim.Token)).IsSuccess);
            var picture = await api.PostAsync("/pics/create-picture", new { userId = victim.Id, picUrl = "private/pic.jpg" }, victim.Token);
            var picId = picture.Json.GetProperty("picId").GetInt64();
            var chat = await api.PostAsync("/chats/create-chat",
                new { picId, fromUserId = victim.Id, toUserId = friend.Id, msgType = "text", content = "just us" }, victim.Token);
            Assert.True(chat.IsSuccess, chat.Json.ToString());

            var loggedOut = await api.RegisterAsync();
            Assert.True((await api.PostAsync("/users/user-logout", null, loggedOut.Token)).IsSuccess);
            var destroyed = await api.RegisterAsync();
            Assert.True((await api.DeleteAsync("/users/user-destroy", new { userId = destroyed.Id }, destroyed.Token)).IsSuccess);

            return new World(api, victim, friend, picId, chat.Json.GetProperty("chatId").GetInt64(),
                [("nobody", null), ("a garbage token", "garbage-token"), ("a logged-out user", loggedOut.Token), ("a destroyed user", destroyed.Token)]);
        }

        public Task<TestUser> RegisterStrangerAsync() => Api.RegisterAsync();

        /// <summary>The endpoint's members, filled in to act as the victim on the victim's things.</summary>
        public JsonObject AimedAtVictim(OpenApiEndpoint endpoint) => Fill(endpoint, actor: Victim.Id, picId: PicId, chatId: ChatId);

        /// <summary>The same request as the stranger acting as themselves: once with the real ids, once with bogus ones.</summary>
        public IEnumerable<(JsonObject Real, JsonObject Bogus)> RealAndBogusIdsAs(TestUser stranger, OpenApiEndpoint endpoint)
        {
            yield return (Fill(endpoint, stranger.Id, PicId, ChatId), Fill(endpoint, stranger.Id, PicId + Bogus, ChatId + Bogus));
            if (endpoint.Parameters.Contains("before"))
            {
                // A cursor: a real chat of the hidden picture must not tell more than a made-up one.
                var real = Fill(endpoint, stranger.Id, PicId, ChatId);
                real["before"] = ChatId;
                var bogus = Fill(endpoint, stranger.Id, PicId, ChatId);
                bogus["before"] = ChatId + Bogus;
                yield return (real, bogus);
            }
        }

        /// <summary>The acting members name <paramref name="actor"/>; a stranger acting as themselves aims at the victim.</summary>
        private JsonObject Fill(OpenApiEndpoint endpoint, long actor, long picId, long chatId)
        {
            var parameters = new JsonObject();
            foreach (var name in endpoint.Parameters)
            {
                JsonNode? value = name switch
                {
                    "userId" or "fromUserId" => actor,
                    "ownerId" => Victim.Id,
                    "friendId" or "toUserId" => actor == Victim.Id ? Friend.Id : Victim.Id,
                    "email" => Victim.Email,
                    "password" or "oldPassword" => "not-the-password",
                    "picId" => picId,
                    "chatId" => chatId,
                    _ => endpoint.Example[name]?.DeepClone(),
                };
                if (value is not null)
                {
                    parameters[name] = value;
                }
            }

            return parameters;
        }
    }
}
