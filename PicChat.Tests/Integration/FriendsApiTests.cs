using System.Net;
using System.Text.Json;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class FriendsApiTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private async Task AddAsync(TestUser user, object friendId, string? nickName = null)
    {
        var response = await _api.PostAsync("/friends/create-friend", new { userId = user.Id, friendId, nickName }, user.Token);
        Assert.True(response.IsSuccess, response.Json.ToString());
    }

    private async Task SetMobileAsync(TestUser user, string mobile) =>
        Assert.True((await _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile }, user.Token)).IsSuccess);

    [Fact]
    public async Task FriendsAreAddedByEmailOrIdAndListedInTheOrderAdded()
    {
        var (me, a, b) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());

        await AddAsync(me, b.Email.ToUpperInvariant(), "Bee");
        await AddAsync(me, a.Id.ToString());

        var list = await _api.GetAsync($"/friends/read-friend-list?userId={Uri.EscapeDataString(me.Email)}", token: me.Token);
        Assert.True(list.IsSuccess);
        var friends = list.Json.GetProperty("friends").EnumerateArray().ToArray();
        Assert.Equal([b.Id, a.Id], friends.Select(f => f.GetProperty("userId").GetInt64()));
        Assert.Equal(["Bee", ""], friends.Select(f => f.GetProperty("nickName").GetString()));
        Assert.Equal(b.Email, friends[0].GetProperty("email").GetString());
        Assert.True(friends[0].GetProperty("addedAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        foreach (var member in new[] { "avatar", "mobile", "createdAt" })
        {
            Assert.True(friends[0].TryGetProperty(member, out _), member);
        }
    }

    [Fact]
    public async Task AFriendsMobileShowsOnlyOnceThatFriendHasAddedTheReader()
    {
        var (me, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await SetMobileAsync(friend, "+8613900000000");
        await AddAsync(me, friend.Id);

        var oneWay = await _api.GetAsync("/friends/read-friend-info", new { userId = me.Id, friendId = friend.Id }, me.Token);
        Assert.Equal(JsonValueKind.Null, oneWay.Json.GetProperty("friend").GetProperty("mobile").ValueKind);

        await AddAsync(friend, me.Id);
        var mutual = await _api.GetAsync($"/friends/read-friend-info?userId={me.Id}&friendId={friend.Id}", token: me.Token);
        Assert.Equal("+8613900000000", mutual.Json.GetProperty("friend").GetProperty("mobile").GetString());
        var inList = await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token);
        Assert.Equal("+8613900000000", inList.Json.GetProperty("friends")[0].GetProperty("mobile").GetString());
    }

    [Fact]
    public async Task NicknamesCanBeChangedAndFriendsRemoved()
    {
        var (me, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await AddAsync(me, friend.Id, "first");

        var rename = await _api.PostAsync("/friends/update-friend-nick-name", new { userId = me.Id, friendId = friend.Email, nickName = "second" }, me.Token);
        Assert.True(rename.IsSuccess);
        var info = await _api.GetAsync("/friends/read-friend-info", new { userId = me.Id, friendId = friend.Id }, me.Token);
        Assert.Equal("second", info.Json.GetProperty("friend").GetProperty("nickName").GetString());

        var delete = await _api.DeleteAsync($"/friends/delete-friend?userId={me.Id}&friendId={friend.Id}", token: me.Token);
        Assert.True(delete.IsSuccess);

        foreach (var response in new[]
        {
            await _api.DeleteAsync("/friends/delete-friend", new { userId = me.Id, friendId = friend.Id }, me.Token),
            await _api.PostAsync("/friends/update-friend-nick-name", new { userId = me.Id, friendId = friend.Id, nickName = "x" }, me.Token),
            await _api.GetAsync("/friends/read-friend-info", new { userId = me.Id, friendId = friend.Id }, me.Token),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("friend_not_found", response.ErrorCode);
        }

        Assert.Empty((await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token)).Json.GetProperty("friends").EnumerateArray());
    }

    [Fact]
    public async Task BadFriendRequestsAreRefusedWithTheContractsCodes()
    {
        var (me, friend, other) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());
        await AddAsync(me, friend.Id);

        var duplicate = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = friend.Email }, me.Token);
        Assert.Equal((HttpStatusCode.Conflict, "friend_exists"), (duplicate.Status, duplicate.ErrorCode));

        var self = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = me.Id }, me.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (self.Status, self.ErrorCode));

        var nobody = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = "nobody-" + Grains.Unique.Email() }, me.Token);
        Assert.Equal((HttpStatusCode.NotFound, "user_not_found"), (nobody.Status, nobody.ErrorCode));

        var noId = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = 9_000_000_000_000 }, me.Token);
        Assert.Equal((HttpStatusCode.NotFound, "user_not_found"), (noId.Status, noId.ErrorCode));

        var longName = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = other.Id, nickName = new string('n', 65) }, me.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (longName.Status, longName.ErrorCode));

        var notANumber = await _api.PostAsync("/friends/create-friend", new { userId = me.Id, friendId = true }, me.Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (notANumber.Status, notANumber.ErrorCode));

        var asSomeoneElse = await _api.PostAsync("/friends/create-friend", new { userId = other.Id, friendId = friend.Id }, me.Token);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (asSomeoneElse.Status, asSomeoneElse.ErrorCode));

        var noSession = await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id });
        Assert.Equal(HttpStatusCode.Unauthorized, noSession.Status);

        var readOthers = await _api.GetAsync("/friends/read-friend-list", new { userId = other.Id }, me.Token);
        Assert.Equal(HttpStatusCode.Forbidden, readOthers.Status);

        // None of the refused calls changed the list.
        var list = await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token);
        Assert.Equal([friend.Id], list.Json.GetProperty("friends").EnumerateArray().Select(f => f.GetProperty("userId").GetInt64()));
    }

    [Fact]
    public async Task ADestroyedUserDisappearsFromEveryFriendList()
    {
        var (me, doomed, stays) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());
        await AddAsync(me, doomed.Id);
        await AddAsync(me, stays.Id);
        await AddAsync(doomed, me.Id);

        Assert.True((await _api.DeleteAsync("/users/user-destroy", new { userId = doomed.Id }, doomed.Token)).IsSuccess);

        var list = await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token);
        Assert.Equal([stays.Id], list.Json.GetProperty("friends").EnumerateArray().Select(f => f.GetProperty("userId").GetInt64()));
        var info = await _api.GetAsync("/friends/read-friend-info", new { userId = me.Id, friendId = doomed.Id }, me.Token);
        Assert.Equal(HttpStatusCode.NotFound, info.Status);

        // Their email is free again, and the new account is a stranger to everyone.
        var reborn = await _api.PostAsync("/users/user-register", new { email = doomed.Email, password = "123456" });
        Assert.True(reborn.IsSuccess);
        Assert.NotEqual(doomed.Id, reborn.Json.GetProperty("userId").GetInt64());
        var again = await _api.GetAsync("/friends/read-friend-list", new { userId = me.Id }, me.Token);
        Assert.Single(again.Json.GetProperty("friends").EnumerateArray());
    }
}
