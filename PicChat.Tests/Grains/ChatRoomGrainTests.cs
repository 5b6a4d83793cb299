using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Users;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class ChatRoomGrainTests(GrainClusterFixture fixture)
{
    private static long _nextUserId = 6_000_000_000_000 + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000 * 10_000;

    private async Task<long> CreateUserAsync()
    {
        var id = Interlocked.Increment(ref _nextUserId);
        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(id).CreateAsync($"c{id}@example.com", "h", DateTimeOffset.UtcNow));
        return id;
    }

    /// <summary>An owner, a friend the owner added, and a picture of the owner's with its chat room.</summary>
    private async Task<(long Owner, long Friend, IChatRoomGrain Room)> RoomAsync()
    {
        var (owner, friend) = (await CreateUserAsync(), await CreateUserAsync());
        await fixture.Grains.GetGrain<IFriendListGrain>(owner).AddAsync(friend, "");
        var picture = await fixture.Grains.GetGrain<IUserPicturesGrain>(owner).CreateAsync("p.jpg");
        return (owner, friend, fixture.Grains.GetGrain<IChatRoomGrain>(picture.PicId));
    }

    private static NewChat Text(long from, long to, string content, string? clientMsgId = null) => new(from, to, "text", content, null, clientMsgId);

    [Fact]
    public async Task ConcurrentChatsGetConsecutiveSeqsAndAllAreAcknowledgedCommitted()
    {
        var (owner, friend, room) = await RoomAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            room.CreateAsync(i % 2 == 0 ? Text(owner, friend, $"m{i}") : Text(friend, owner, $"m{i}"))));

        Assert.All(results, r => Assert.Equal(CreateChatStatus.Created, r.Status));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Select(r => r.Chat!.Seq).Order());
        Assert.Equal(200, results.Select(r => r.Chat!.ChatId).Distinct().Count());
        Assert.Equal(200, await room.GetLastSeqAsync());
        var events = await room.ReadEventsAsync(0, long.MaxValue);
        Assert.Equal(200, events.ThroughSeq);
        Assert.Equal(results.OrderBy(r => r.Chat!.Seq).Select(r => r.Chat!.ChatId), events.Events.Select(e => e.Chat!.ChatId));
    }

    [Fact]
    public async Task RetriesWithOneClientMsgIdStoreOneChat()
    {
        var (owner, friend, room) = await RoomAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => room.CreateAsync(Text(friend, owner, "hi", "retry-1"))));

        Assert.Single(results, r => r.Status == CreateChatStatus.Created);
        Assert.Single(results.Select(r => r.Chat!.ChatId).Distinct());
        Assert.Equal(1, await room.GetLastSeqAsync());
    }

    [Fact]
    public async Task OnlyPeopleWhoSeeThePictureChatAboutIt()
    {
        var (owner, friend, room) = await RoomAsync();
        var stranger = await CreateUserAsync();

        Assert.Equal(CreateChatStatus.PictureNotFound, (await room.CreateAsync(Text(stranger, owner, "x"))).Status);
        Assert.Equal(CreateChatStatus.ReceiverCannotSee, (await room.CreateAsync(Text(friend, stranger, "x"))).Status);
        Assert.Equal(0, await room.GetLastSeqAsync());
    }

    [Fact]
    public async Task DeletionsTakeTheirOwnSeqAndReplayAsDeletions()
    {
        var (owner, friend, room) = await RoomAsync();
        var first = (await room.CreateAsync(Text(owner, friend, "one"))).Chat!;
        var second = (await room.CreateAsync(Text(friend, owner, "two"))).Chat!;

        // The receiver sees the chat but may not delete it; the sender may.
        Assert.Equal(DeleteChatResult.NotAllowed, await room.DeleteAsync(first.ChatId, friend));
        Assert.Equal(DeleteChatResult.Deleted, await room.DeleteAsync(first.ChatId, owner));
        Assert.Equal(DeleteChatResult.NotFound, await room.DeleteAsync(first.ChatId, owner));

        var events = await room.ReadEventsAsync(0, long.MaxValue);
        Assert.Equal(3, events.ThroughSeq);
        Assert.Equal([(2L, ChatEventKind.Created, second.ChatId), (3L, ChatEventKind.Deleted, first.ChatId)],
            events.Events.Select(e => (e.Seq, e.Kind, e.Chat!.ChatId)));
        var page = await room.ReadPageAsync(owner, null, null, 10);
        Assert.Equal([second.ChatId], page.Page!.Chats.Select(c => c.ChatId));
    }

    [Fact]
    public async Task ConcurrentDeletesOfOneChatDeleteItOnceAndPublishOneDeletion()
    {
        var (owner, friend, room) = await RoomAsync();
        var chat = (await room.CreateAsync(Text(friend, owner, "once"))).Chat!;

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => room.DeleteAsync(chat.ChatId, i % 2 == 0 ? owner : friend)));

        Assert.Single(results, r => r == DeleteChatResult.Deleted);
        Assert.All(results.Where(r => r != DeleteChatResult.Deleted), r => Assert.Equal(DeleteChatResult.NotFound, r));
        var events = await room.ReadEventsAsync(0, long.MaxValue);
        Assert.Single(events.Events, e => e.Kind == ChatEventKind.Deleted);
    }

    [Fact]
    public async Task DeletingAUsersChatsClearsThemOnEveryPictureAndLeavesOtherChats()
    {
        var (owner, friend, room) = await RoomAsync();
        var other = await CreateUserAsync();
        await fixture.Grains.GetGrain<IFriendListGrain>(owner).AddAsync(other, "");
        var second = await fixture.Grains.GetGrain<IUserPicturesGrain>(owner).CreateAsync("q.jpg");
        var secondRoom = fixture.Grains.GetGrain<IChatRoomGrain>(second.PicId);
        await room.CreateAsync(Text(friend, owner, "from friend"));
        var kept = (await room.CreateAsync(Text(owner, other, "not about friend"))).Chat!;
        await secondRoom.CreateAsync(Text(owner, friend, "to friend"));

        // Act: twice, as a retried cascade would
        await fixture.Grains.GetGrain<IUserChatsGrain>(friend).DeleteAllAsync();
        await fixture.Grains.GetGrain<IUserChatsGrain>(friend).DeleteAllAsync();

        // Assert
        var page = await room.ReadPageAsync(owner, null, null, 10);
        Assert.Equal([kept.ChatId], page.Page!.Chats.Select(c => c.ChatId));
        Assert.Empty((await secondRoom.ReadPageAsync(owner, null, null, 10)).Page!.Chats);
    }
}
