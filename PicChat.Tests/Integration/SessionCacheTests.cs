using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PicChat.Api.Auth;

namespace PicChat.Tests.Integration;

/// <summary>
/// API instances remember validated sessions; these show that every way a session ends reaches every instance
/// before it is answered, including one that has just remembered the session as open.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class SessionCacheTests(PicChatFixture fixture) : IAsyncLifetime
{
    private readonly ApiClient _api = fixture.Client();
    private Microsoft.AspNetCore.Builder.WebApplication _other = null!;
    private ApiClient _otherApi = null!;

    public async Task InitializeAsync()
    {
        (_other, var address) = await fixture.StartApiAsync([]);
        _otherApi = fixture.Client(address);
        await WaitUntilTrustedAsync(_other);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _otherApi.Dispose();
        await _other.StopAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task AValidatedSessionIsRememberedByTheInstanceThatValidatedIt()
    {
        var user = await _api.RegisterAsync();

        var read = await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

        Assert.True(read.IsSuccess);
        Assert.True(Remembers(_other, user));
    }

    [Fact]
    public async Task APasswordChangeEndsRememberedSessionsOnEveryInstance()
    {
        var user = await _api.RegisterAsync();
        Assert.True((await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);

        var changed = await _api.PostAsync("/users/user-password-update",
            new { userId = user.Id, oldPassword = user.Password, newPassword = "another-secret" }, user.Token);
        var afterChange = await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

        Assert.True(changed.IsSuccess);
        Assert.Equal(HttpStatusCode.Unauthorized, afterChange.Status);
        var fresh = changed.Json.GetProperty("token").GetString();
        Assert.True((await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, fresh)).IsSuccess);
    }

    [Fact]
    public async Task DestroyEndsRememberedSessionsOnEveryInstance()
    {
        var user = await _api.RegisterAsync();
        Assert.True((await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);

        var destroyed = await _api.DeleteAsync("/users/user-destroy", new { userId = user.Id }, user.Token);
        var afterDestroy = await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

        Assert.True(destroyed.IsSuccess);
        Assert.Equal(HttpStatusCode.Unauthorized, afterDestroy.Status);
        Assert.False(Remembers(_other, user));
    }

    [Fact]
    public async Task LogoutsRacingReadsOnAnotherInstanceNeverLeaveASessionOpen()
    {
        // Reads on the other instance keep re-validating while the logout lands on this one: whichever read
        // was in flight, none may leave the ended session remembered, and none after the logout may pass.
        var users = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _api.RegisterAsync()));
        foreach (var user in users)
        {
            using var stop = new CancellationTokenSource();
            var reads = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);
                }
            });

            await Task.Delay(20);
            Assert.True((await _api.PostAsync("/users/user-logout", null, user.Token)).IsSuccess);
            var after = await _otherApi.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);
            await stop.CancelAsync();
            await reads;

            Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
            Assert.False(Remembers(_other, user));
        }
    }

    private static bool Remembers(Microsoft.AspNetCore.Builder.WebApplication api, TestUser user)
    {
        Assert.True(SessionTokens.TryParse(user.Token, out var userId, out var hash));
        return api.Services.GetRequiredService<SessionCache>().IsOpen(userId, hash);
    }

    private static async Task WaitUntilTrustedAsync(Microsoft.AspNetCore.Builder.WebApplication api)
    {
        var cache = api.Services.GetRequiredService<SessionCache>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!cache.Trusted)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
