using System.Text.Json;

namespace PicChat.Tests.Integration;

/// <summary>
/// The tables read-friend-list reads instead of each friend's grains (picchat_profiles, picchat_friend_index),
/// on PostgreSQL: they follow the grains, and lists and profiles from before them still show in full.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class FriendDirectoryTests(PicChatFixture fixture) : IDisposable
{
    private const string Listed = "SELECT user_id FROM picchat_profiles WHERE user_id = $1 AND listed";

    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private async Task BefriendBothWaysAsync(TestUser me, TestUser friend)
    {
        Assert.True((await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = friend.Id }, me.Token)).IsSuccess);
        Assert.True((await _api.PostAsync("/friends/create-friend", new { userId = friend.Id, friendId = me.Id }, friend.Token)).IsSuccess);
    }

    private async Task<JsonElement> OnlyFriendAsync(TestUser me) =>
        (await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token)).Json.GetProperty("friends").EnumerateArray().Single();

    [Fact]
    public async Task TheTablesFollowRegistrationFriendsAndDestruction()
    {
        var (me, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        Assert.Equal([friend.Id], await fixture.QueryLongsAsync(Listed, friend.Id));

        await BefriendBothWaysAsync(me, friend);
        const string friends = "SELECT friend_id FROM picchat_friend_index WHERE owner_id = $1 AND friend_id <> 0 AND present";
        Assert.Equal([friend.Id], await fixture.QueryLongsAsync(friends, me.Id));

        Assert.True((await _api.DeleteAsync("/friends/delete-friend", new { userId = me.Id, friendId = friend.Id }, me.Token)).IsSuccess);
        Assert.Empty(await fixture.QueryLongsAsync(friends, me.Id));

        Assert.True((await _api.DeleteAsync("/users/user-destroy", new { userId = friend.Id }, friend.Token)).IsSuccess);
        Assert.Empty(await fixture.QueryLongsAsync(Listed, friend.Id));
        Assert.Empty(await fixture.QueryLongsAsync(friends, friend.Id));
    }

    [Fact]
    public async Task FriendsWithoutRowsAsWrittenBeforeTheTablesStillShowInFull()
    {
        var (me, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        Assert.True((await _api.PostAsync("/users/user-info-update",
            new { userId = friend.Id, avatar = "https://img.example.com/f.png", mobile = "+8613900000003" }, friend.Token)).IsSuccess);
        await BefriendBothWaysAsync(me, friend);

        // What a database from before migrations 006 and 007 holds: no profile row, no index rows, no whole mark.
        Assert.Equal([friend.Id], await fixture.QueryLongsAsync("DELETE FROM picchat_profiles WHERE user_id = $1 RETURNING user_id", friend.Id));
        Assert.NotEmpty(await fixture.QueryLongsAsync("DELETE FROM picchat_friend_index WHERE owner_id = $1 RETURNING owner_id", friend.Id));

        var shown = await OnlyFriendAsync(me);
        Assert.Equal("https://img.example.com/f.png", shown.GetProperty("avatar").GetString());
        Assert.Equal("+8613900000003", shown.GetProperty("mobile").GetString());

        // Listed again by the friend's grain, one-way, once it gets to it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await fixture.QueryLongsAsync(Listed, friend.Id)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal([friend.Id], await fixture.QueryLongsAsync(Listed, friend.Id));
    }

    [Fact]
    public async Task AClearedMobileLeavesEveryFriendListAtOnce()
    {
        var (me, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendBothWaysAsync(me, friend);
        Assert.True((await _api.PostAsync("/users/user-info-update", new { userId = friend.Id, mobile = "+8613900000004" }, friend.Token)).IsSuccess);
        Assert.Equal("+8613900000004", (await OnlyFriendAsync(me)).GetProperty("mobile").GetString());

        Assert.True((await _api.PostAsync("/users/user-info-update", new { userId = friend.Id, mobile = "" }, friend.Token)).IsSuccess);
        Assert.Equal(JsonValueKind.Null, (await OnlyFriendAsync(me)).GetProperty("mobile").ValueKind);
    }
}
