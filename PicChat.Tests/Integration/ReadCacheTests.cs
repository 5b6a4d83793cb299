using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PicChat.Api.Cluster;

namespace PicChat.Tests.Integration;

/// <summary>
/// Read-mostly answers remembered by an API instance (pictures, profiles, friend sets) never outlive the write
/// that changes them: each write goes through one instance, every read through another that has just
/// remembered the old answer, and the first read after the write's acknowledgement already sees it.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class ReadCacheTests(PicChatFixture fixture) : IAsyncLifetime
{
    private readonly ApiClient _writes = fixture.Client();
    private WebApplication _other = null!;
    private ApiClient _reads = null!;

    public async Task InitializeAsync()
    {
        (_other, var baseAddress) = await fixture.StartApiAsync(new());
        _reads = fixture.Client(baseAddress);
    }

    public async Task DisposeAsync()
    {
        _writes.Dispose();
        _reads.Dispose();
        await _other.StopAsync();
        await _other.DisposeAsync();
    }

    private Task<ApiResponse> ReadPictureAsync(ChatScenario s, TestUser viewer) =>
        _reads.GetAsync("/pics/read-picture", new { picId = s.PicId, userId = viewer.Id }, viewer.Token);

    private Task<ApiResponse> ReadInfoAsync(TestUser user, TestUser viewer) =>
        _reads.GetAsync("/users/user-info-read", new { userId = user.Id }, viewer.Token);

    private static JsonElement Mobile(ApiResponse info) => info.Json.GetProperty("user").GetProperty("mobile");

    private async Task<ChatScenario> RememberedAsync()
    {
        var s = await ChatScenario.CreateAsync(_writes);
        Assert.True((await _writes.PostAsync("/users/user-info-update", new { userId = s.Owner.Id, mobile = "+8613800000000" }, s.Owner.Token)).IsSuccess);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await ReadPictureAsync(s, s.Friend)).IsSuccess);
            Assert.Equal("+8613800000000", Mobile(await ReadInfoAsync(s.Owner, s.Friend)).GetString());
        }

        Assert.True(_other.Services.GetRequiredService<ReadCache>().Count > 0, "the other instance remembered nothing");
        return s;
    }

    [Fact]
    public async Task RemovingAFriendHidesThePictureAndTheMobileOnTheOtherInstanceAtOnce()
    {
        var s = await RememberedAsync();
        Assert.True((await _writes.DeleteAsync("/friends/delete-friend", new { userId = s.Owner.Id, friendId = s.Friend.Id }, s.Owner.Token)).IsSuccess);

        var picture = await ReadPictureAsync(s, s.Friend);
        Assert.Equal((HttpStatusCode.NotFound, "picture_not_found"), (picture.Status, picture.ErrorCode));
        Assert.Equal(JsonValueKind.Null, Mobile(await ReadInfoAsync(s.Owner, s.Friend)).ValueKind);

        // And back: a friend added again sees both at once too.
        Assert.True((await _writes.PostAsync("/friends/create-friend", new { userId = s.Owner.Id, friendId = s.Friend.Id }, s.Owner.Token)).IsSuccess);
        Assert.True((await ReadPictureAsync(s, s.Friend)).IsSuccess);
        Assert.Equal("+8613800000000", Mobile(await ReadInfoAsync(s.Owner, s.Friend)).GetString());
    }

    [Fact]
    public async Task DeletedPicturesUpdatedProfilesAndDestroyedUsersShowOnTheOtherInstanceAtOnce()
    {
        var s = await RememberedAsync();
        Assert.True((await _writes.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token)).IsSuccess);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadPictureAsync(s, s.Friend)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadPictureAsync(s, s.Owner)).Status);

        Assert.True((await _writes.PostAsync("/users/user-info-update", new { userId = s.Owner.Id, mobile = "+8613900000000" }, s.Owner.Token)).IsSuccess);
        Assert.Equal("+8613900000000", Mobile(await ReadInfoAsync(s.Owner, s.Friend)).GetString());

        Assert.True((await _writes.DeleteAsync("/users/user-destroy", new { userId = s.Owner.Id }, s.Owner.Token)).IsSuccess);
        var gone = await ReadInfoAsync(s.Owner, s.Friend);
        Assert.Equal((HttpStatusCode.NotFound, "user_not_found"), (gone.Status, gone.ErrorCode));
    }

    [Fact]
    public async Task NoReadThatStartsAfterARemovalIsAcknowledgedSeesThePicture()
    {
        var s = await RememberedAsync();
        var clock = Stopwatch.StartNew();
        var acknowledgedAt = long.MaxValue;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var late = new List<HttpStatusCode>();
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                var started = clock.ElapsedTicks;
                var read = await ReadPictureAsync(s, s.Friend);
                if (started > Volatile.Read(ref acknowledgedAt))
                {
                    late.Add(read.Status);
                    if (late.Count >= 20)
                    {
                        break;
                    }
                }
            }

            return late;
        })).ToList();

        await Task.Delay(200);
        var removed = await _writes.DeleteAsync("/friends/delete-friend", new { userId = s.Owner.Id, friendId = s.Friend.Id }, s.Owner.Token);
        Volatile.Write(ref acknowledgedAt, clock.ElapsedTicks);
        Assert.True(removed.IsSuccess, removed.Json.ToString());

        var late = (await Task.WhenAll(readers)).SelectMany(statuses => statuses).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, status => Assert.Equal(HttpStatusCode.NotFound, status));
    }
}
