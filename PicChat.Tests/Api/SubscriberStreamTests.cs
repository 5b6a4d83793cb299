using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using PicChat.Api.Chats;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Chats;

namespace PicChat.Tests.Api;

/// <summary>
/// One subscriber against a hand-fed feed buffer and an in-memory log: what it sends, in which order, when it
/// reads the log, and when it ends. (The integration tests run the same rules through a real cluster.)
/// </summary>
public sealed class SubscriberStreamTests
{
    private const long PicId = 20;
    private const long Owner = 1;
    private const long Friend = 2;
    private const long OtherFriend = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Channel<FeedEvent> _buffer = null!;

    private long _feedSeq;
    private bool _left;

    private static ChatEvent Chat(long seq, long from = Friend, long to = Owner) =>
        new(seq, ChatEventKind.Created, new ChatMessage(1000 + seq, PicId, seq, from, to, "text", $"chat {seq}", null, DateTimeOffset.UnixEpoch));

    private void Pass(params ChatEvent[] events)
    {
        foreach (var chatEvent in events)
        {
            Assert.True(_buffer.Writer.TryWrite(FeedEvent.Of(PicId, chatEvent)));
        }
    }

    private void Tick(long seq) => Assert.True(_buffer.Writer.TryWrite(FeedEvent.Tick(PicId, seq)));

    private IAsyncEnumerator<SseItem<string>> Subscribe(Log room, long viewer = Owner, long afterSeq = 0,
        Func<Task<bool>>? stillAllowed = null, TimeSpan? recheck = null)
    {
        // Each subscription has a buffer of its own, as the feed gives it.
        _buffer = FeedBuffer.CreateChannel(16);
        var live = new FeedBuffer(PicId, _buffer, () => Interlocked.Read(ref _feedSeq), () => _left = true);
        var options = new ChatSubscriptionOptions { Recheck = recheck ?? TimeSpan.FromHours(1) };
        return new SubscriberStream(room, live, new Access(viewer, stillAllowed ?? (() => Task.FromResult(true))), afterSeq, options, Json)
            .RunAsync(CancellationToken.None).GetAsyncEnumerator();
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "the stream ended");
        return events.Current;
    }

    /// <summary>The chats sent, skipping the opening heartbeat, until <paramref name="count"/> have come.</summary>
    private static async Task<List<string?>> ChatIdsAsync(IAsyncEnumerator<SseItem<string>> events, int count)
    {
        List<string?> ids = [];
        while (ids.Count < count)
        {
            var item = await NextAsync(events);
            if (item.EventType != "heartbeat")
            {
                ids.Add(item.EventId);
            }
        }

        return ids;
    }

    [Fact]
    public async Task EventsGoOutInSeqOrderOnceAndWhatTheBufferDroppedIsReadFromTheLog()
    {
        var log = new Log(Chat(1), Chat(2), Chat(3), Chat(4), Chat(5));
        await using var events = Subscribe(log);

        // Act: a repeat, and a jump from 2 to 5 (3 and 4 fell out of the buffer), then 4 again.
        Pass(Chat(1), Chat(1), Chat(2), Chat(5), Chat(4));

        // Assert
        Assert.Equal(["1001", "1002", "1003", "1004", "1005"], await ChatIdsAsync(events, 5));
        Assert.Equal(1, log.Reads);
    }

    [Fact]
    public async Task EveryViewerGetsTheSameTextOfAnEventMadeOnce()
    {
        var shared = FeedEvent.Of(PicId, Chat(1));

        var forOne = shared.Format(Json);
        var forAnother = shared.Format(Json);

        Assert.Same(forOne.Data, forAnother.Data);
        Assert.Equal((1001L, "chat 1"), (JsonDocument.Parse(forOne.Data).RootElement.GetProperty("chatId").GetInt64(),
            JsonDocument.Parse(forOne.Data).RootElement.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task ChatsTheViewerMayNotSeeAreSkipped()
    {
        await using var events = Subscribe(new Log(), viewer: OtherFriend);

        Pass(Chat(1, from: Friend, to: Owner), Chat(2, from: OtherFriend, to: Owner));

        Assert.Equal(["1002"], await ChatIdsAsync(events, 1));
    }

    [Fact]
    public async Task ATickBringsAHeartbeatOnlyToSubscribersThatSentNothingSinceTheLastOne()
    {
        await using var events = Subscribe(new Log());
        Assert.Equal("heartbeat", (await NextAsync(events)).EventType); // the opening one

        Pass(Chat(1));
        Tick(1);
        Tick(1);

        Assert.Equal("1001", (await NextAsync(events)).EventId);
        var next = await NextAsync(events);
        Assert.Equal(("heartbeat", ""), (next.EventType, next.Data)); // for the second tick: the first found a chat sent
    }

    [Fact]
    public async Task ATickAheadOfTheSubscriberMeansItsBufferDroppedEventsWhichAreReadFromTheLog()
    {
        var log = new Log(Chat(1), Chat(2), Chat(3));
        await using var events = Subscribe(log);

        Tick(3);

        Assert.Equal(["1001", "1002", "1003"], await ChatIdsAsync(events, 3));
    }

    [Fact]
    public async Task ACursorBehindTheFeedIsCaughtUpFromTheLogFirstAndOneAtTheFeedNeedsNoLog()
    {
        var log = new Log(Chat(1), Chat(2), Chat(3), Chat(4));
        _feedSeq = 3;
        await using (var behind = Subscribe(log, afterSeq: 1))
        {
            Pass(Chat(3), Chat(4));
            Assert.Equal(["1002", "1003", "1004"], await ChatIdsAsync(behind, 3));
            Assert.Equal(1, log.Reads);
        }

        await using var atFeed = Subscribe(log, afterSeq: 3);
        Pass(Chat(4));
        Assert.Equal(["1004"], await ChatIdsAsync(atFeed, 1));
        Assert.Equal(1, log.Reads);
    }

    [Fact]
    public async Task APictureDeletionIsSentAndEndsTheStream()
    {
        await using var events = Subscribe(new Log());

        Assert.True(_buffer.Writer.TryWrite(FeedEvent.Of(PicId, new ChatEvent(1, ChatEventKind.PictureDeleted, null))));

        await NextAsync(events); // the opening heartbeat
        var told = await NextAsync(events);
        Assert.Equal(("picture-deleted", PicId), (told.EventType, JsonDocument.Parse(told.Data).RootElement.GetProperty("picId").GetInt64()));
        Assert.False(await events.MoveNextAsync());
        await events.DisposeAsync();
        Assert.True(_left);
    }

    [Fact]
    public async Task OneSessionCheckThatFailsIsMadeAgainButTwoFailuresInARowEndTheStream()
    {
        var checks = 0;
        Task<bool> StillAllowed() => ++checks switch
        {
            1 or 3 or 4 => throw new TimeoutException("the cluster is busy"),
            _ => Task.FromResult(true),
        };
        await using var events = Subscribe(new Log(), stillAllowed: StillAllowed, recheck: TimeSpan.FromMilliseconds(100));
        await NextAsync(events); // the opening heartbeat

        // Act: checks run about once a second beside the stream.
        var ended = events.MoveNextAsync().AsTask();

        // Assert
        var error = await Assert.ThrowsAsync<TimeoutException>(() => ended.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(4, checks);
        Assert.Equal("the cluster is busy", error.Message);
    }

    [Fact]
    public async Task ASessionCheckThatSaysNoEndsTheStream()
    {
        await using var events = Subscribe(new Log(), stillAllowed: () => Task.FromResult(false), recheck: TimeSpan.FromMilliseconds(100));
        await NextAsync(events);

        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The picture's log as the room grain serves it; only what a subscriber calls.</summary>
    private sealed class Log(params ChatEvent[] events) : IChatRoomGrain
    {
        public int Reads { get; private set; }

        public Task<ChatEventRange> ReadEventsAsync(long afterSeq, long toSeq)
        {
            Reads++;
            var through = Math.Max(afterSeq, Math.Min(toSeq, events.Select(e => e.Seq).DefaultIfEmpty(0).Max()));
            return Task.FromResult(new ChatEventRange(events.Where(e => e.Seq > afterSeq && e.Seq <= through).ToArray(), through));
        }

        public Task<CreateChatResult> CreateAsync(NewChat chat) => throw new NotSupportedException();

        public Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId) => throw new NotSupportedException();
        public Task<DeleteChatResult> DeleteReadChatAsync(ChatMessage chat, long requesterId) => throw new NotSupportedException();

        public Task<ChatPageResult> ReadPageAsync(long viewerId, long? beforeChatId, long? afterChatId, int limit) => throw new NotSupportedException();

        public Task<long> GetLastSeqAsync() => throw new NotSupportedException();

        public Task<long?> GetSeqAsync(long chatId) => throw new NotSupportedException();

        public Task<long?> GetDeletionSeqAsync(long chatId) => throw new NotSupportedException();

        public Task DeleteAllAsync() => throw new NotSupportedException();

        public Task DeleteChatsOfUserAsync(long userId) => throw new NotSupportedException();
    }

    private sealed class Access(long viewer, Func<Task<bool>> stillAllowed) : IViewerAccess
    {
        public bool MaySee(ChatMessage chat) => Visibility.SeesChat(viewer, chat, Owner);

        public Task<bool> StillAllowedAsync() => stillAllowed();
    }
}
