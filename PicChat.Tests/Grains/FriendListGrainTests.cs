using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Users;
using PicChat.Grains.Friends;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class FriendListGrainTests(GrainClusterFixture fixture)
{
    private static long _nextUserId = 8_000_000_000_000 + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000 * 10_000;

    /// <summary>Creates users directly by id (no email index), which is all a friend list needs of them.</summary>
    private async Task<long[]> CreateUsersAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Interlocked.Increment(ref _nextUserId)).ToArray();
        var created = await Task.WhenAll(ids.Select(id =>
            fixture.Grains.GetGrain<IUserGrain>(id).CreateAsync($"u{id}@example.com", "h", DateTimeOffset.UtcNow)));
        Assert.All(created, Assert.True);
        return ids;
    }

    [Fact]
    public async Task EntriesKeepTheOrderAddedWithTheirNicknames()
    {
        var (owner, a, b, c) = await CreateUsersAsync(4) is var ids ? (ids[0], ids[1], ids[2], ids[3]) : default;
        var list = fixture.Grains.GetGrain<IFriendListGrain>(owner);

        Assert.Equal(AddFriendResult.Added, await list.AddAsync(c, "Cee"));
        Assert.Equal(AddFriendResult.Added, await list.AddAsync(a, ""));
        Assert.Equal(AddFriendResult.Added, await list.AddAsync(b, "Bee"));
        Assert.Equal(AddFriendResult.AlreadyFriend, await list.AddAsync(a, "again"));

        var all = await list.ReadAllAsync();
        Assert.Equal([c, a, b], all.Select(f => f.Entry.FriendId));
        Assert.Equal(["Cee", "", "Bee"], all.Select(f => f.Entry.NickName));
        Assert.True(await list.SharesWithAsync(a));
        Assert.False(await fixture.Grains.GetGrain<IFriendListGrain>(a).SharesWithAsync(owner));
    }

    [Fact]
    public async Task RenameAndRemoveOnlyTouchEntriesOnTheList()
    {
        var ids = await CreateUsersAsync(3);
        var list = fixture.Grains.GetGrain<IFriendListGrain>(ids[0]);
        await list.AddAsync(ids[1], "old");

        Assert.True(await list.RenameAsync(ids[1], "new"));
        Assert.False(await list.RenameAsync(ids[2], "x"));
        Assert.Equal("new", (await list.ReadAsync(ids[1]))!.Entry.NickName);

        Assert.True(await list.RemoveAsync(ids[1]));
        Assert.False(await list.RemoveAsync(ids[1]));
        Assert.Null(await list.ReadAsync(ids[1]));
        Assert.Empty(await list.ReadAllAsync());
    }

    [Fact]
    public async Task AFullListRefusesNewFriendsUntilOneGoes()
    {
        var ids = await CreateUsersAsync(GrainClusterFixture.MaxFriends + 1);
        var list = fixture.Grains.GetGrain<IFriendListGrain>(ids[0]);
        foreach (var id in ids.Skip(1))
        {
            Assert.Equal(AddFriendResult.Added, await list.AddAsync(id, ""));
        }

        var extra = (await CreateUsersAsync(1))[0];
        Assert.Equal(AddFriendResult.LimitReached, await list.AddAsync(extra, ""));

        // A destroyed friend stops counting: the full list makes room by forgetting them.
        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(ids[1]).DestroyAsync());
        Assert.Equal(AddFriendResult.Added, await list.AddAsync(extra, ""));
        var all = await list.ReadAllAsync();
        Assert.Equal(GrainClusterFixture.MaxFriends, all.Count);
        Assert.DoesNotContain(all, f => f.Entry.FriendId == ids[1]);
        Assert.Equal(extra, all[^1].Entry.FriendId);
    }

    [Fact]
    public void TheLimitIsTheContractsUnlessConfigured() =>
        Assert.Equal(5000, new FriendListOptions().MaxFriends);

    [Fact]
    public async Task DestroyingAUserClearsTheirOwnList()
    {
        var ids = await CreateUsersAsync(2);
        await fixture.Grains.GetGrain<IFriendListGrain>(ids[0]).AddAsync(ids[1], "");

        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(ids[0]).DestroyAsync());

        Assert.Empty(await fixture.Grains.GetGrain<IFriendListGrain>(ids[0]).ReadAllAsync());
    }

    [Fact]
    public async Task AListOfManyFriendsIsReadWithoutCallingAnyFriendsGrain()
    {
        var ids = await CreateUsersAsync(41);
        var (owner, friends) = (ids[0], ids[1..]);
        var list = fixture.Grains.GetGrain<IFriendListGrain>(owner);
        foreach (var friend in friends)
        {
            await fixture.Grains.GetGrain<IUserGrain>(friend).UpdateInfoAsync(null, $"+86{friend}");
            Assert.Equal(AddFriendResult.Added, await list.AddAsync(friend, ""));
        }

        // Every other friend has added the owner back, so only they show the owner their mobile number.
        var sharing = friends.Where((_, i) => i % 2 == 0).ToArray();
        foreach (var friend in sharing)
        {
            await fixture.Grains.GetGrain<IFriendListGrain>(friend).AddAsync(owner, "");
        }

        var mark = GrainCalls.Mark();
        var all = await list.ReadAllAsync();

        Assert.Equal(0, GrainCalls.Since<IUserGrain>(mark, friends));
        Assert.Equal(0, GrainCalls.Since<IFriendListGrain>(mark, friends));
        Assert.Equal(friends, all.Select(f => f.Entry.FriendId));
        Assert.All(all, f => Assert.Equal(sharing.Contains(f.Entry.FriendId) ? $"+86{f.Entry.FriendId}" : null, f.Profile.Mobile));
    }

    [Fact]
    public async Task AChangedOrClearedMobileShowsInTheListAtOnceAndARemovalHidesItAtOnce()
    {
        var (owner, friend) = await CreateUsersAsync(2) is var ids ? (ids[0], ids[1]) : default;
        var list = fixture.Grains.GetGrain<IFriendListGrain>(owner);
        await list.AddAsync(friend, "");
        await fixture.Grains.GetGrain<IFriendListGrain>(friend).AddAsync(owner, "");
        var user = fixture.Grains.GetGrain<IUserGrain>(friend);

        await user.UpdateInfoAsync("https://img.example.com/a.png", "+8613900000001");
        Assert.Equal(("https://img.example.com/a.png", "+8613900000001"), Shown(await list.ReadAllAsync()));
        await user.UpdateInfoAsync(null, "");
        Assert.Equal(("https://img.example.com/a.png", null), Shown(await list.ReadAllAsync()));
        await user.UpdateInfoAsync("", "+8613900000002");
        Assert.Equal((null, "+8613900000002"), Shown(await list.ReadAllAsync()));

        Assert.True(await fixture.Grains.GetGrain<IFriendListGrain>(friend).RemoveAsync(owner));
        Assert.Equal((null, null), Shown(await list.ReadAllAsync()));

        static (string?, string?) Shown(IReadOnlyList<ListedFriend> all) => (all.Single().Profile.Avatar, all.Single().Profile.Mobile);
    }
}
