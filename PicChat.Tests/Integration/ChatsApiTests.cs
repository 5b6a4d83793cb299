using System.Net;
using System.Text.Json;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class ChatsApiTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private static long[] Ids(ApiResponse page) =>
        page.Json.GetProperty("chats").EnumerateArray().Select(c => c.GetProperty("chatId").GetInt64()).ToArray();

    private static long? NextBefore(ApiResponse page) =>
        page.Json.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.Json.GetProperty("nextBefore").GetInt64();

    [Fact]
    public async Task AChatIsAcknowledgedThenReadBackWithEveryMember()
    {
        var s = await ChatScenario.CreateAsync(_api);

        var created = await _api.PostAsync("/chats/create-chat",
            new { picId = s.PicId, fromUserId = s.Friend.Email, toUserId = s.Owner.Id.ToString(), msgType = "text", content = "nice picture" }, s.Friend.Token);

        Assert.True(created.IsSuccess, created.Json.ToString());
        Assert.True(created.Json.GetProperty("ack").GetBoolean());
        Assert.Equal("nice picture", created.Json.GetProperty("content").GetString());
        var chatId = created.Json.GetProperty("chatId").GetInt64();
        var createdAt = created.Json.GetProperty("createdAt").GetString();

        var read = await _api.GetAsync($"/chats/read-chat?chatId={chatId}", token: s.Owner.Token);
        Assert.True(read.IsSuccess, read.Json.ToString());
        Assert.True(read.Json.GetProperty("ack").GetBoolean());
        Assert.Equal(chatId, read.Json.GetProperty("chatId").GetInt64());
        Assert.Equal(s.PicId, read.Json.GetProperty("picId").GetInt64());
        Assert.Equal(s.Friend.Id, read.Json.GetProperty("fromUserId").GetInt64());
        Assert.Equal(s.Owner.Id, read.Json.GetProperty("toUserId").GetInt64());
        Assert.Equal("text", read.Json.GetProperty("msgType").GetString());
        Assert.Equal("nice picture", read.Json.GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, read.Json.GetProperty("voiceUrl").ValueKind);
        Assert.Equal(createdAt, read.Json.GetProperty("createdAt").GetString());

        var several = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Friend.Token);
        Assert.True(several.IsSuccess);
        Assert.Equal(s.PicId, several.Json.GetProperty("picId").GetInt64());
        Assert.Equal([chatId], Ids(several));
        Assert.Null(NextBefore(several));
    }

    [Fact]
    public async Task VoiceChatsNeedAnHttpUrlAndMayHaveContent()
    {
        var s = await ChatScenario.CreateAsync(_api);

        var voice = await _api.PostAsync("/chats/create-chat", new
        {
            picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "voice", voiceUrl = "https://cdn.example.com/v/1.m4a",
        }, s.Owner.Token);
        Assert.True(voice.IsSuccess, voice.Json.ToString());
        var read = await _api.GetAsync("/chats/read-chat", new { chatId = voice.Json.GetProperty("chatId").GetInt64() }, s.Friend.Token);
        Assert.Equal("voice", read.Json.GetProperty("msgType").GetString());
        Assert.Equal("https://cdn.example.com/v/1.m4a", read.Json.GetProperty("voiceUrl").GetString());

        var noUrl = await _api.PostAsync("/chats/create-chat", new { picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "voice", content = "hi" }, s.Owner.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_url"), (noUrl.Status, noUrl.ErrorCode));
        Assert.False(noUrl.Json.GetProperty("ack").GetBoolean());
        var badUrl = await _api.PostAsync("/chats/create-chat", new { picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "voice", voiceUrl = "javascript:x" }, s.Owner.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_url"), (badUrl.Status, badUrl.ErrorCode));
    }

    [Fact]
    public async Task BadChatsAreRefusedAndNothingIsStored()
    {
        var s = await ChatScenario.CreateAsync(_api);
        object Chat(object? content = null, string msgType = "text", object? to = null, object? pic = null) =>
            new { picId = pic ?? s.PicId, fromUserId = s.Friend.Id, toUserId = to ?? s.Owner.Id, msgType, content };

        var cases = new (object Body, HttpStatusCode Status, string Code)[]
        {
            (Chat("hi", msgType: "video"), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat(null), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat(""), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat(new string('x', 4001)), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat(42), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat("hi", to: s.Friend.Id), HttpStatusCode.BadRequest, "invalid_request"),
            (Chat("hi", to: 9_000_000_000_000), HttpStatusCode.NotFound, "user_not_found"),
            (Chat("hi", to: s.Stranger.Id), HttpStatusCode.Forbidden, "forbidden"),
            (Chat("hi", pic: 9_000_000_000_000), HttpStatusCode.NotFound, "picture_not_found"),
            (Chat("hi", pic: "1e3"), HttpStatusCode.BadRequest, "invalid_request"),
        };
        foreach (var (body, status, code) in cases)
        {
            var response = await _api.PostAsync("/chats/create-chat", body, s.Friend.Token);
            Assert.True((status, code) == (response.Status, response.ErrorCode), $"{JsonSerializer.Serialize(body)[..Math.Min(120, JsonSerializer.Serialize(body).Length)]} -> {response.Status} {response.Json}");
        }

        // Sending as someone else, or to a picture the sender cannot see.
        var impostor = await _api.PostAsync("/chats/create-chat", new { picId = s.PicId, fromUserId = s.Owner.Id, toUserId = s.Friend.Id, msgType = "text", content = "x" }, s.Friend.Token);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (impostor.Status, impostor.ErrorCode));
        var blind = await _api.PostAsync("/chats/create-chat", new { picId = s.PicId, fromUserId = s.Stranger.Id, toUserId = s.Owner.Id, msgType = "text", content = "x" }, s.Stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (blind.Status, blind.ErrorCode));

        Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
    }

    [Fact]
    public async Task ARetriedSendWithTheSameClientMsgIdIsStoredOnce()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var first = await s.SendAsync(s.Friend, s.Owner, "once", "msg-1");

        var again = await s.SendAsync(s.Friend, s.Owner, "once", "msg-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => s.SendAsync(s.Friend, s.Owner, "twice", "msg-2")));
        var other = await s.SendAsync(s.Owner, s.Friend, "same id, other sender", "msg-1");

        Assert.Equal(first, again);
        Assert.Single(concurrent.Distinct());
        Assert.NotEqual(first, other);
        Assert.Equal(3, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
    }

    [Fact]
    public async Task ConcurrentSendersGetOneGapFreeOrder()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var senders = new[] { (s.Friend, s.Owner), (s.Owner, s.Friend), (s.OtherFriend, s.Owner), (s.Owner, s.OtherFriend) };

        var ids = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => s.SendAsync(senders[i % 4].Item1, senders[i % 4].Item2, $"m{i}")));

        Assert.Equal(120, ids.Distinct().Count());
        var seqs = await fixture.QueryLongsAsync("SELECT seq FROM picchat_chats WHERE pic_id = $1 ORDER BY seq", s.PicId);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), seqs);

        // The owner's pages, walked back from the newest, hold every chat exactly once, in sequence order.
        var walked = new List<long>();
        long? before = null;
        do
        {
            var page = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId, limit = 50, before }, s.Owner.Token);
            walked.InsertRange(0, Ids(page));
            before = NextBefore(page);
        }
        while (before is not null);

        var bySeq = await fixture.QueryLongsAsync("SELECT chat_id FROM picchat_chats WHERE pic_id = $1 ORDER BY seq", s.PicId);
        Assert.Equal(bySeq, walked);
    }

    [Fact]
    public async Task EachPersonSeesOnlyTheChatsTheyMaySee()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var toOwner = await s.SendAsync(s.Friend, s.Owner, "friend to owner");
        var betweenFriends = await s.SendAsync(s.Friend, s.OtherFriend, "friend to friend");
        var fromOwner = await s.SendAsync(s.Owner, s.OtherFriend, "owner to other");

        async Task<long[]> SeenBy(TestUser user) => Ids(await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, user.Token));

        Assert.Equal([toOwner, betweenFriends, fromOwner], await SeenBy(s.Owner));
        Assert.Equal([toOwner, betweenFriends], await SeenBy(s.Friend));
        Assert.Equal([betweenFriends, fromOwner], await SeenBy(s.OtherFriend));
        var stranger = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (stranger.Status, stranger.ErrorCode));

        var hidden = await _api.GetAsync("/chats/read-chat", new { chatId = fromOwner }, s.Friend.Token);
        Assert.Equal((HttpStatusCode.NotFound, "chat_not_found"), (hidden.Status, hidden.ErrorCode));
        Assert.True((await _api.GetAsync("/chats/read-chat", new { chatId = betweenFriends }, s.Owner.Token)).IsSuccess);
    }

    [Fact]
    public async Task PagesRunBothWaysAroundACursor()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var c = new List<long>();
        for (var i = 1; i <= 7; i++)
        {
            c.Add(await s.SendAsync(s.Friend, s.Owner, $"m{i}"));
        }

        var newest = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&limit=3", token: s.Owner.Token);
        Assert.Equal(c[4..7], Ids(newest));
        Assert.Equal(c[4], NextBefore(newest));
        var older = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&limit=3&before={c[4]}", token: s.Owner.Token);
        Assert.Equal(c[1..4], Ids(older));
        Assert.Equal(c[1], NextBefore(older));
        var oldest = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&limit=3&before={c[1]}", token: s.Owner.Token);
        Assert.Equal(c[0..1], Ids(oldest));
        Assert.Null(NextBefore(oldest));

        var newer = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId, limit = 3, after = c[0] }, s.Friend.Token);
        Assert.Equal(c[1..4], Ids(newer));
        Assert.Equal(c[1], NextBefore(newer));
        var latest = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId, limit = 3, after = c[4] }, s.Friend.Token);
        Assert.Equal(c[5..7], Ids(latest));

        foreach (var query in new[] { "limit=0", "limit=1001", $"before={c[0]}&after={c[1]}", "before=9000000000000" })
        {
            var bad = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&{query}", token: s.Owner.Token);
            Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (bad.Status, bad.ErrorCode));
        }
    }

    [Fact]
    public async Task AStrangerGetsTheSameAnswerForRealAndBogusCursorsOfAPictureTheyCannotSee()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var chatId = await s.SendAsync(s.Friend, s.Owner, "private");
        var bogus = chatId + 1_000_000;

        var answers = new List<string>();
        foreach (var cursor in new[] { "before", "after" })
        {
            foreach (var id in new[] { chatId, bogus })
            {
                var response = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&{cursor}={id}", token: s.Stranger.Token);
                Assert.Equal(HttpStatusCode.NotFound, response.Status);
                Assert.Equal("picture_not_found", response.ErrorCode);
                answers.Add(response.Json.GetRawText());
            }
        }

        Assert.Single(answers.Distinct());
        // Someone who sees the picture is still told that a cursor is not one of its chats.
        var friend = await _api.GetAsync($"/chats/read-several-chat?picId={s.PicId}&before={bogus}", token: s.Friend.Token);
        Assert.Equal(HttpStatusCode.BadRequest, friend.Status);
    }

    [Fact]
    public async Task TheSenderOrTheOwnerDeletesAChatAndItIsGone()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var chat = await s.SendAsync(s.Friend, s.OtherFriend, "to be deleted");
        var other = await s.SendAsync(s.OtherFriend, s.Friend, "deleted by the owner");

        var byReceiver = await _api.DeleteAsync("/chats/delete-chat", new { chatId = chat }, s.OtherFriend.Token);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (byReceiver.Status, byReceiver.ErrorCode));
        var byStranger = await _api.DeleteAsync("/chats/delete-chat", new { chatId = chat }, s.Stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "chat_not_found"), (byStranger.Status, byStranger.ErrorCode));

        var bySender = await _api.DeleteAsync($"/chats/delete-chat?chatId={chat}", token: s.Friend.Token);
        Assert.True(bySender.IsSuccess);
        Assert.True(bySender.Json.GetProperty("ack").GetBoolean());
        Assert.True((await _api.DeleteAsync("/chats/delete-chat", new { chatId = other }, s.Owner.Token)).IsSuccess);

        foreach (var id in new[] { chat, other })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/chats/read-chat", new { chatId = id }, s.Owner.Token)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync("/chats/delete-chat", new { chatId = id }, s.Owner.Token)).Status);
        }

        Assert.Empty(Ids(await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Owner.Token)));
    }

    [Fact]
    public async Task DeletingThePictureDeletesItsChats()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var chat = await s.SendAsync(s.Friend, s.Owner, "on a doomed picture");

        Assert.True((await _api.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token)).IsSuccess);

        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/chats/read-chat", new { chatId = chat }, s.Friend.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Owner.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await s.SendRawAsync(s.Friend, s.Owner, "too late")).Status);
        Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
    }

    [Fact]
    public async Task DestroyingAUserDeletesEveryChatTheySentOrReceived()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var sent = await s.SendAsync(s.Friend, s.Owner, "from the doomed");
        var received = await s.SendAsync(s.Owner, s.Friend, "to the doomed");
        var kept = await s.SendAsync(s.OtherFriend, s.Owner, "unrelated");

        Assert.True((await _api.DeleteAsync("/users/user-destroy", new { userId = s.Friend.Id }, s.Friend.Token)).IsSuccess);

        Assert.Equal([kept], Ids(await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Owner.Token)));
        foreach (var id in new[] { sent, received })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/chats/read-chat", new { chatId = id }, s.Owner.Token)).Status);
        }

        var content = await fixture.QueryLongsAsync(
            "SELECT count(*) FROM picchat_chats WHERE (from_user_id = $1 OR to_user_id = $1) AND content IS NOT NULL", s.Friend.Id);
        Assert.Equal([0L], content);
    }
}
