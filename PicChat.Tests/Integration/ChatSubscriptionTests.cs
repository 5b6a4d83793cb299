using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PicChat.Abstractions.Chats;
using PicChat.Api.Chats;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class ChatSubscriptionTests(PicChatFixture fixture) : IAsyncLifetime
{
    private readonly ApiClient _api = fixture.Client();
    private WebApplication _ownApi = null!;
    private Uri _ownBase = null!;
    private LossyChatEventSource _stream = null!;

    /// <summary>An API instance of its own, with quick heartbeats and re-checks and a hand on its chat stream.</summary>
    public async Task InitializeAsync()
    {
        (_ownApi, _ownBase) = await StartOwnApiAsync([]);
        _stream = LossyChatEventSource.Of(_ownApi);
    }

    private Task<(WebApplication Api, Uri BaseAddress)> StartOwnApiAsync(Dictionary<string, string?> settings)
    {
        settings["PicChat:Chats:Subscriptions:Heartbeat"] = "00:00:01";
        settings["PicChat:Chats:Subscriptions:Recheck"] = "00:00:01";
        return fixture.StartApiAsync(settings, LossyChatEventSource.Use);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _ownApi.StopAsync();
        await _ownApi.DisposeAsync();
    }

    private static string Path(ChatScenario s, string? query = null) => $"/chats/subscribe?picId={s.PicId}{query}";

    [Fact]
    public async Task NewChatsArriveLiveOnlyForThoseWhoMaySeeThem()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await using var owner = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Owner.Token);
        await using var otherFriend = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.OtherFriend.Token);

        var toOwner = await s.SendAsync(s.Friend, s.Owner, "hello owner");
        var toOther = await s.SendAsync(s.Friend, s.OtherFriend, "hello other");

        var first = await owner.ReadEventAsync();
        Assert.Equal(toOwner.ToString(), first.EventId);
        Assert.Equal("message", first.EventType);
        var chat = JsonDocument.Parse(first.Data).RootElement;
        Assert.Equal((toOwner, s.PicId, s.Friend.Id, s.Owner.Id, "text", "hello owner"),
            (chat.GetProperty("chatId").GetInt64(), chat.GetProperty("picId").GetInt64(), chat.GetProperty("fromUserId").GetInt64(),
             chat.GetProperty("toUserId").GetInt64(), chat.GetProperty("msgType").GetString(), chat.GetProperty("content").GetString()));
        Assert.Equal(toOther.ToString(), (await owner.ReadEventAsync()).EventId);

        // The other friend sees only the chat sent to them.
        Assert.Equal(toOther.ToString(), (await otherFriend.ReadEventAsync()).EventId);
        await otherFriend.AssertQuietAsync(300);

        Assert.True((await _api.DeleteAsync("/chats/delete-chat", new { chatId = toOwner }, s.Owner.Token)).IsSuccess);
        var deleted = await owner.ReadEventAsync();
        Assert.Equal("deleted", deleted.EventType);
        Assert.Equal(toOwner, SseClient.ChatId(deleted));
        await otherFriend.AssertQuietAsync(300);
    }

    [Fact]
    public async Task AReconnectWithLastEventIdGetsEveryMissedChatOnceThenLiveOnes()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var seen = new List<long>();
        await using (var first = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Owner.Token))
        {
            var c1 = await s.SendAsync(s.Friend, s.Owner, "one");
            seen.Add(SseClient.ChatId(await first.ReadEventAsync()));
            Assert.Equal([c1], seen);
        }

        var missed = new[] { await s.SendAsync(s.Friend, s.Owner, "two"), await s.SendAsync(s.OtherFriend, s.Owner, "three") };

        await using var resumed = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Owner.Token, lastEventId: seen[^1].ToString());
        Assert.Equal(missed[0], SseClient.ChatId(await resumed.ReadEventAsync()));
        Assert.Equal(missed[1], SseClient.ChatId(await resumed.ReadEventAsync()));
        var live = await s.SendAsync(s.Friend, s.Owner, "four");
        Assert.Equal(live, SseClient.ChatId(await resumed.ReadEventAsync()));
        await resumed.AssertQuietAsync(500);

        // ?after= is the same cursor for clients that cannot set headers.
        await using var byQuery = await SseClient.ConnectAsync(fixture.ApiBase, Path(s, $"&after={missed[1]}"), s.Owner.Token);
        Assert.Equal(live, SseClient.ChatId(await byQuery.ReadEventAsync()));
    }

    [Fact]
    public async Task AStreamEventThatIsDroppedIsFilledInFromTheLog()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var dropped = 0;
        _stream.Drop = e => e.Kind == ChatEventKind.Created && e.Chat!.PicId == s.PicId && e.Chat.Content == "lost"
            && Interlocked.Increment(ref dropped) > 0;
        try
        {
            // Two subscribers: the feed reads the gap once and passes it to both.
            await using var owner = await SseClient.ConnectAsync(_ownBase, Path(s), s.Owner.Token);
            await using var friend = await SseClient.ConnectAsync(_ownBase, Path(s), s.Friend.Token);

            var before = await s.SendAsync(s.Friend, s.Owner, "before");
            var lost = await s.SendAsync(s.Friend, s.Owner, "lost");
            var after = await s.SendAsync(s.Friend, s.Owner, "after");

            foreach (var client in new[] { owner, friend })
            {
                Assert.Equal(before, SseClient.ChatId(await client.ReadEventAsync()));
                var filled = await client.ReadEventAsync();
                Assert.Equal(lost, SseClient.ChatId(filled));
                Assert.Equal("lost", JsonDocument.Parse(filled.Data).RootElement.GetProperty("content").GetString());
                Assert.Equal(after, SseClient.ChatId(await client.ReadEventAsync()));
                await client.AssertQuietAsync(500);
            }

            Assert.Equal(1, dropped);
        }
        finally
        {
            _stream.Drop = null;
        }
    }

    [Fact]
    public async Task ADeletionHasAnEventIdSoAResumeAfterItDoesNotRepeatIt()
    {
        var s = await ChatScenario.CreateAsync(_api);
        string deletionId;
        await using (var first = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Owner.Token))
        {
            var chat = await s.SendAsync(s.Friend, s.Owner, "soon gone");
            Assert.Equal(chat.ToString(), (await first.ReadEventAsync()).EventId);
            Assert.True((await _api.DeleteAsync("/chats/delete-chat", new { chatId = chat }, s.Owner.Token)).IsSuccess);
            var deletion = await first.ReadEventAsync();
            Assert.Equal("deleted", deletion.EventType);
            Assert.Equal($"{chat}-deleted", deletion.EventId);
            deletionId = deletion.EventId!;
        }

        var later = await s.SendAsync(s.Friend, s.Owner, "after the deletion");
        await using var resumed = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Owner.Token, lastEventId: deletionId);

        // The first thing after the resume point is the new chat, not the deletion the client already had.
        Assert.Equal(later.ToString(), (await resumed.ReadEventAsync()).EventId);
        await resumed.AssertQuietAsync(300);
    }

    [Fact]
    public async Task TheLastEventOfAQuietPictureThatTheStreamLostArrivesWithTheNextHeartbeat()
    {
        var s = await ChatScenario.CreateAsync(_api);
        _stream.Drop = e => e.Kind == ChatEventKind.Created && e.Chat!.PicId == s.PicId;
        try
        {
            await using var owner = await SseClient.ConnectAsync(_ownBase, Path(s), s.Owner.Token);

            var lost = await s.SendAsync(s.Friend, s.Owner, "nobody writes after me");

            // No later chat reveals the gap; the heartbeat (every second on this instance) has to.
            var filled = await owner.ReadEventAsync(timeoutSeconds: 5);
            Assert.Equal(lost.ToString(), filled.EventId);
            Assert.Equal("nobody writes after me", JsonDocument.Parse(filled.Data).RootElement.GetProperty("content").GetString());
            await owner.AssertQuietAsync(1500);
        }
        finally
        {
            _stream.Drop = null;
        }
    }

    [Fact]
    public async Task OneApiInstanceConsumesAPicturesStreamOnceForAllItsSubscribers()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var feeds = _ownApi.Services.GetRequiredService<PictureFeedRegistry>();
        var before = feeds.ActiveFeeds;

        var clients = new List<SseClient>();
        foreach (var user in new[] { s.Owner, s.Friend, s.OtherFriend })
        {
            clients.Add(await SseClient.ConnectAsync(_ownBase, Path(s), user.Token));
        }

        Assert.Equal(before + 1, feeds.ActiveFeeds);
        var chat = await s.SendAsync(s.Friend, s.OtherFriend, "to everyone who may see it");
        foreach (var client in clients)
        {
            Assert.Equal(chat, SseClient.ChatId(await client.ReadEventAsync()));
            await client.DisposeAsync();
        }

        // Once the last subscriber leaves, so does the stream subscription.
        for (var i = 0; i < 50 && feeds.ActiveFeeds != before; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(before, feeds.ActiveFeeds);
    }

    [Fact]
    public async Task IdleStreamsGetHeartbeatsAndLogoutEndsTheStream()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var login = await _api.PostAsync("/users/user-login", new { email = s.Friend.Email, password = s.Friend.Password });
        var token = login.Json.GetProperty("token").GetString()!;
        await using var friend = await SseClient.ConnectAsync(_ownBase, Path(s), token);

        await Task.Delay(2500);
        Assert.True(friend.Heartbeats >= 2, $"{friend.Heartbeats} heartbeats"); // the opening one and at least one while idle

        Assert.True((await _api.PostAsync("/users/user-logout", null, token)).IsSuccess);
        Assert.Same(friend.Completion, await Task.WhenAny(friend.Completion, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task LosingSightOfThePictureEndsTheStream()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await using var friend = await SseClient.ConnectAsync(_ownBase, Path(s), s.Friend.Token);

        Assert.True((await _api.DeleteAsync("/friends/delete-friend", new { userId = s.Owner.Id, friendId = s.Friend.Id }, s.Owner.Token)).IsSuccess);

        Assert.Same(friend.Completion, await Task.WhenAny(friend.Completion, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task OverlappingVisibilityChecksOfOneViewerShareOneAnswerAndLaterOnesAskAgain()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var checks = _ownApi.Services.GetRequiredService<VisibilityChecks>();

        // Act
        var first = checks.IsVisibleAsync(s.PicId, s.Friend.Id);
        var overlapping = checks.IsVisibleAsync(s.PicId, s.Friend.Id);
        var stranger = checks.IsVisibleAsync(s.PicId, s.Stranger.Id);

        // Assert
        Assert.Same(first, overlapping);
        Assert.True(await first);
        Assert.False(await stranger);
        Assert.True((await _api.DeleteAsync("/friends/delete-friend", new { userId = s.Owner.Id, friendId = s.Friend.Id }, s.Owner.Token)).IsSuccess);
        var later = checks.IsVisibleAsync(s.PicId, s.Friend.Id);
        Assert.NotSame(first, later);
        Assert.False(await later);
    }

    [Fact]
    public async Task DeletingThePictureTellsSubscribersAndEndsTheirStreams()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await using var friend = await SseClient.ConnectAsync(fixture.ApiBase, Path(s), s.Friend.Token);

        Assert.True((await _api.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token)).IsSuccess);

        var told = await friend.ReadEventAsync();
        Assert.Equal("picture-deleted", told.EventType);
        Assert.Equal(s.PicId, JsonDocument.Parse(told.Data).RootElement.GetProperty("picId").GetInt64());
        Assert.Same(friend.Completion, await Task.WhenAny(friend.Completion, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task ASubscriberWhoseBufferOverflowsReadsWhatItLostFromTheLogInOrder()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var (api, address) = await StartOwnApiAsync(new() { ["PicChat:Chats:Subscriptions:BufferPerSubscriber"] = "1" });
        var stream = LossyChatEventSource.Of(api);
        stream.Drop = e => e.Kind == ChatEventKind.Created && e.Chat!.PicId == s.PicId && e.Chat.Content!.StartsWith("lost", StringComparison.Ordinal);
        try
        {
            await using var owner = await SseClient.ConnectAsync(address, Path(s), s.Owner.Token);

            // Act: five chats the stream loses, then one it delivers: the feed passes all six at once, into a
            // buffer of one, so the subscriber finds a gap of its own to read from the log.
            var sent = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                sent.Add(await s.SendAsync(s.Friend, s.Owner, $"lost {i}"));
            }

            sent.Add(await s.SendAsync(s.Friend, s.Owner, "delivered"));

            // Assert
            var received = new List<long>();
            while (received.Count < sent.Count)
            {
                received.Add(SseClient.ChatId(await owner.ReadEventAsync()));
            }

            Assert.Equal(sent, received);
            await owner.AssertQuietAsync(500);
        }
        finally
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task AResumeWhileOthersAreSubscribedGetsTheMissedChatsFromTheLogThenLiveOnes()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await using var staying = await SseClient.ConnectAsync(_ownBase, Path(s), s.Friend.Token);
        long seen;
        await using (var leaving = await SseClient.ConnectAsync(_ownBase, Path(s), s.Owner.Token))
        {
            seen = await s.SendAsync(s.Friend, s.Owner, "seen");
            Assert.Equal(seen, SseClient.ChatId(await leaving.ReadEventAsync()));
        }

        var missed = await s.SendAsync(s.Friend, s.Owner, "missed");
        Assert.Equal(seen, SseClient.ChatId(await staying.ReadEventAsync()));
        Assert.Equal(missed, SseClient.ChatId(await staying.ReadEventAsync()));

        // Act: the feed is still running (for the friend) and has passed on more than the owner's cursor.
        await using var resumed = await SseClient.ConnectAsync(_ownBase, Path(s), s.Owner.Token, lastEventId: seen.ToString());
        var live = await s.SendAsync(s.Friend, s.Owner, "live");

        // Assert
        Assert.Equal(missed, SseClient.ChatId(await resumed.ReadEventAsync()));
        Assert.Equal(live, SseClient.ChatId(await resumed.ReadEventAsync()));
        await resumed.AssertQuietAsync(300);
    }

    [Fact]
    public async Task StrangersCannotSubscribe()
    {
        var s = await ChatScenario.CreateAsync(_api);

        var response = await _api.GetAsync(Path(s), token: s.Stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (response.Status, response.ErrorCode));
        var anonymous = await _api.GetAsync(Path(s));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        var badCursor = await _api.GetAsync(Path(s, "&after=9000000000000"), token: s.Owner.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (badCursor.Status, badCursor.ErrorCode));
    }
}
