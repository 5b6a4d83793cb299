using System.Net;
using System.Text.Json;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class PicturesApiTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private async Task<long> CreateAsync(TestUser owner, string picUrl = "https://img.example.com/a.jpg")
    {
        var response = await _api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl }, owner.Token);
        Assert.True(response.IsSuccess, response.Json.ToString());
        return response.Json.GetProperty("picId").GetInt64();
    }

    private async Task BefriendAsync(TestUser user, TestUser friend) =>
        Assert.True((await _api.PostAsync("/friends/create-friend", new { userId = user.Id, friendId = friend.Id }, user.Token)).IsSuccess);

    private Task<ApiResponse> ReadAsync(TestUser reader, long picId) =>
        _api.GetAsync($"/pics/read-picture?userId={reader.Id}&picId={picId}", token: reader.Token);

    [Fact]
    public async Task CreatingAPictureAcknowledgesItWithItsIdAndUrl()
    {
        var owner = await _api.RegisterAsync();

        var created = await _api.PostAsync("/pics/create-picture", new { userId = owner.Email, picUrl = "xxx/xxx/xxx" }, owner.Token);

        Assert.True(created.IsSuccess);
        Assert.True(created.Json.GetProperty("ack").GetBoolean());
        Assert.Equal("xxx/xxx/xxx", created.Json.GetProperty("picUrl").GetString());
        var picId = created.Json.GetProperty("picId").GetInt64();
        Assert.InRange(picId, 1, (1L << 53) - 1);

        var read = await ReadAsync(owner, picId);
        Assert.True(read.IsSuccess);
        Assert.True(read.Json.GetProperty("ack").GetBoolean());
        Assert.Equal((picId, owner.Id, "xxx/xxx/xxx"),
            (read.Json.GetProperty("picId").GetInt64(), read.Json.GetProperty("ownerId").GetInt64(), read.Json.GetProperty("picUrl").GetString()));
        Assert.EndsWith("Z", read.Json.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task APicturesCreationTimeIsTheSameInEveryAnswer()
    {
        var owner = await _api.RegisterAsync();
        var created = await _api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl = "pics/t.jpg" }, owner.Token);
        var picId = created.Json.GetProperty("picId").GetInt64();

        var read = await ReadAsync(owner, picId);
        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = owner.Id, ownerId = owner.Id }, owner.Token);

        var times = new[] { created.Json, read.Json, listed.Json.GetProperty("picsInfo")[0] }.Select(j => j.GetProperty("createdAt").GetString());
        Assert.Single(times.Distinct());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("//evil.example.com/a.jpg")]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("a b/c.jpg")]
    [InlineData("")]
    public async Task PictureUrlsOtherThanHttpOrARelativePathAreRefused(string picUrl)
    {
        var owner = await _api.RegisterAsync();

        var response = await _api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl }, owner.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_url", response.ErrorCode);
        Assert.False(response.Json.GetProperty("ack").GetBoolean());
        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = owner.Id }, owner.Token);
        Assert.Empty(listed.Json.GetProperty("picsInfo").EnumerateArray());
    }

    [Fact]
    public async Task AUrlLongerThan2048CharactersIsRefused()
    {
        var owner = await _api.RegisterAsync();
        var url = "https://img.example.com/" + new string('a', 2048);

        var response = await _api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl = url }, owner.Token);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_url"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task OnlyTheOwnerAndThePeopleTheOwnerAddedSeeAPicture()
    {
        var (owner, friend, fan, stranger) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendAsync(owner, friend);
        await BefriendAsync(fan, owner); // the fan added the owner; that shows the fan nothing
        var picId = await CreateAsync(owner);

        Assert.True((await ReadAsync(owner, picId)).IsSuccess);
        Assert.True((await ReadAsync(friend, picId)).IsSuccess);
        foreach (var outsider in new[] { fan, stranger })
        {
            var hidden = await ReadAsync(outsider, picId);
            Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (hidden.Status, hidden.ErrorCode));
            Assert.False(hidden.Json.GetProperty("ack").GetBoolean());
        }

        // Hidden and missing look the same.
        var missing = await ReadAsync(stranger, 9_000_000_000_000);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (missing.Status, missing.ErrorCode));

        // Visibility follows the owner's list as it is now.
        Assert.True((await _api.DeleteAsync("/friends/delete-friend", new { userId = owner.Id, friendId = friend.Id }, owner.Token)).IsSuccess);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(friend, picId)).Status);
    }

    [Fact]
    public async Task OnlyTheOwnerDeletesAndADeletedPictureIsGone()
    {
        var (owner, friend, stranger) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendAsync(owner, friend);
        var picId = await CreateAsync(owner);

        var byFriend = await _api.DeleteAsync("/pics/delete-picture", new { userId = friend.Id, picId }, friend.Token);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (byFriend.Status, byFriend.ErrorCode));
        var byStranger = await _api.DeleteAsync("/pics/delete-picture", new { userId = stranger.Id, picId }, stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (byStranger.Status, byStranger.ErrorCode));
        var asOwnerWithoutHisSession = await _api.DeleteAsync("/pics/delete-picture", new { userId = owner.Id, picId }, friend.Token);
        Assert.Equal(HttpStatusCode.Forbidden, asOwnerWithoutHisSession.Status);
        Assert.True((await ReadAsync(owner, picId)).IsSuccess);

        var deleted = await _api.DeleteAsync($"/pics/delete-picture?userId={owner.Id}&picId={picId}", token: owner.Token);
        Assert.True(deleted.IsSuccess);
        Assert.True(deleted.Json.GetProperty("ack").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(owner, picId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(friend, picId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync("/pics/delete-picture", new { userId = owner.Id, picId }, owner.Token)).Status);
        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = owner.Id }, owner.Token);
        Assert.Empty(listed.Json.GetProperty("picsInfo").EnumerateArray());
    }

    [Fact]
    public async Task ListingPagesNewestFirstWithACursor()
    {
        var (owner, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendAsync(owner, friend);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(owner, $"pics/{i}.jpg"));
        }

        ids.Reverse();
        var seen = new List<long>();
        long? before = null;
        var pages = 0;
        do
        {
            // The friend lists the owner's pictures through ownerId, by email; GET with a body.
            var page = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = friend.Id, ownerId = owner.Email, limit = 2, before }, friend.Token);
            Assert.True(page.IsSuccess, page.Json.ToString());
            var pics = page.Json.GetProperty("picsInfo").EnumerateArray().ToArray();
            seen.AddRange(pics.Select(p => p.GetProperty("picId").GetInt64()));
            Assert.All(pics, p => Assert.StartsWith("pics/", p.GetProperty("picUrl").GetString()));
            Assert.All(pics, p => Assert.Equal(JsonValueKind.String, p.GetProperty("createdAt").ValueKind));
            before = page.Json.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.Json.GetProperty("nextBefore").GetInt64();
            pages++;
        }
        while (before is not null && pages < 10);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        var byQuery = await _api.GetAsync($"/pics/read-pictures-by-user?userId={owner.Id}&limit=1&before={ids[0]}", token: owner.Token);
        Assert.Equal([ids[1]], byQuery.Json.GetProperty("picsInfo").EnumerateArray().Select(p => p.GetProperty("picId").GetInt64()));
        Assert.Equal(ids[1], byQuery.Json.GetProperty("nextBefore").GetInt64());

        var everything = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = owner.Id }, owner.Token);
        Assert.Equal(ids, everything.Json.GetProperty("picsInfo").EnumerateArray().Select(p => p.GetProperty("picId").GetInt64()));
        Assert.Equal(JsonValueKind.Null, everything.Json.GetProperty("nextBefore").ValueKind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public async Task PageSizesOutsideOneToAThousandAreRefused(string limit)
    {
        var owner = await _api.RegisterAsync();

        var response = await _api.GetAsync($"/pics/read-pictures-by-user?userId={owner.Id}&limit={limit}", token: owner.Token);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task StrangersListNothingAndUnknownOwnersAreNotFound()
    {
        var (owner, stranger) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await CreateAsync(owner);

        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = stranger.Id, ownerId = owner.Id }, stranger.Token);
        Assert.True(listed.IsSuccess);
        Assert.Empty(listed.Json.GetProperty("picsInfo").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, listed.Json.GetProperty("nextBefore").ValueKind);

        var unknown = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = stranger.Id, ownerId = 9_000_000_000_000 }, stranger.Token);
        Assert.Equal((HttpStatusCode.NotFound, "user_not_found"), (unknown.Status, unknown.ErrorCode));
    }

    [Fact]
    public async Task DestroyingTheOwnerDeletesTheirPictures()
    {
        var (owner, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendAsync(owner, friend);
        var picIds = new[] { await CreateAsync(owner), await CreateAsync(owner) };

        Assert.True((await _api.DeleteAsync("/users/user-destroy", new { userId = owner.Id }, owner.Token)).IsSuccess);

        foreach (var picId in picIds)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(friend, picId)).Status);
        }

        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = friend.Id, ownerId = owner.Id }, friend.Token);
        Assert.Equal((HttpStatusCode.NotFound, "user_not_found"), (listed.Status, listed.ErrorCode));
        Assert.Equal(0, await fixture.CountRowsAsync("picchat_pictures", "owner_id", owner.Id));
    }

    [Fact]
    public async Task PicturesAndFriendsSurviveTheSiloThatHeldThem()
    {
        var (owner, friend) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await BefriendAsync(owner, friend);
        var picId = await CreateAsync(owner, "kept/after/restart.jpg");

        await fixture.StartSiloAsync();
        await fixture.StopOldestSiloAsync();

        var read = await ReadAsync(friend, picId);
        Assert.True(read.IsSuccess, read.Json.ToString());
        Assert.Equal("kept/after/restart.jpg", read.Json.GetProperty("picUrl").GetString());
        var list = await _api.GetAsync("/friends/read-friend-list", new { userId = owner.Id }, owner.Token);
        Assert.Equal([friend.Id], list.Json.GetProperty("friends").EnumerateArray().Select(f => f.GetProperty("userId").GetInt64()));
        var listed = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = owner.Id }, owner.Token);
        Assert.Equal([picId], listed.Json.GetProperty("picsInfo").EnumerateArray().Select(p => p.GetProperty("picId").GetInt64()));
    }
}
