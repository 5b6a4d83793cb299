using PicChat.Abstractions.Users;
using PicChat.Grains.Users;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class UserGrainTests(GrainClusterFixture fixture)
{
    private async Task<(IUserGrain User, long Id, string Email)> RegisterAsync()
    {
        var email = Unique.Email();
        var result = await fixture.Grains.GetGrain<IEmailIndexGrain>(email).RegisterAsync("hash-1");
        Assert.True(result.Created);
        return (fixture.Grains.GetGrain<IUserGrain>(result.UserId), result.UserId, email);
    }

    [Fact]
    public async Task RegisterCreatesAUserReachableByEmailAndId()
    {
        var (user, id, email) = await RegisterAsync();

        var profile = await user.GetProfileAsync();

        Assert.NotNull(profile);
        Assert.Equal(id, profile.UserId);
        Assert.Equal(email, profile.Email);
        Assert.Equal(id, await fixture.Grains.GetGrain<IEmailIndexGrain>(email).GetUserIdAsync());
        Assert.Equal("hash-1", await user.GetPasswordHashAsync());
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneEmailHaveExactlyOneWinner()
    {
        var email = Unique.Email("race");

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => fixture.Grains.GetGrain<IEmailIndexGrain>(email).RegisterAsync("h")));

        Assert.Single(results, r => r.Created);
    }

    [Fact]
    public async Task SessionsOpenCloseAndAllEndOnPasswordChange()
    {
        var (user, _, _) = await RegisterAsync();
        await user.OpenSessionAsync("s1");
        await user.OpenSessionAsync("s2");
        Assert.NotNull(await user.GetSessionEndAsync("s1"));

        await user.CloseSessionAsync("s1");
        Assert.Null(await user.GetSessionEndAsync("s1"));
        Assert.NotNull(await user.GetSessionEndAsync("s2"));

        Assert.False(await user.ChangePasswordAsync("not-the-hash", "hash-2", "s3"));
        Assert.True(await user.ChangePasswordAsync("hash-1", "hash-2", "s3"));
        Assert.Null(await user.GetSessionEndAsync("s2"));
        Assert.NotNull(await user.GetSessionEndAsync("s3"));
        Assert.Equal("hash-2", await user.GetPasswordHashAsync());
    }

    [Fact]
    public async Task OldestSessionsAreDroppedPastTheCap()
    {
        var (user, _, _) = await RegisterAsync();
        for (var i = 0; i <= UserGrain.MaxSessions; i++)
        {
            await user.OpenSessionAsync($"s{i}");
        }

        Assert.Null(await user.GetSessionEndAsync("s0"));
        Assert.NotNull(await user.GetSessionEndAsync($"s{UserGrain.MaxSessions}"));
    }

    [Fact]
    public async Task UpdateInfoLeavesAbsentFieldsAndClearsEmptyOnes()
    {
        var (user, _, _) = await RegisterAsync();

        await user.UpdateInfoAsync("http://a.example/x.png", "+8613800000000");
        var unchanged = await user.UpdateInfoAsync(null, null);
        var cleared = await user.UpdateInfoAsync("", null);

        Assert.Equal("http://a.example/x.png", unchanged!.Avatar);
        Assert.Null(cleared!.Avatar);
        Assert.Equal("+8613800000000", cleared.Mobile);
    }

    [Fact]
    public async Task DestroyEndsSessionsFreesTheEmailAndNeverRevivesTheId()
    {
        var (user, id, email) = await RegisterAsync();
        await user.OpenSessionAsync("s1");

        Assert.True(await user.DestroyAsync());

        Assert.Null(await user.GetProfileAsync());
        Assert.Null(await user.GetSessionEndAsync("s1"));
        Assert.False(await user.DestroyAsync());
        Assert.False(await user.CreateAsync(email, "h", DateTimeOffset.UtcNow));
        Assert.Null(await fixture.Grains.GetGrain<IEmailIndexGrain>(email).GetUserIdAsync());

        var again = await fixture.Grains.GetGrain<IEmailIndexGrain>(email).RegisterAsync("h");
        Assert.True(again.Created);
        Assert.NotEqual(id, again.UserId);
    }

    [Fact]
    public async Task AThrottleReservesAttemptsBeforeTheyFailAndCountsOnlyFailures()
    {
        var throttle = fixture.Grains.GetGrain<ILoginThrottleGrain>(Unique.Key("throttle"));
        var window = TimeSpan.FromMinutes(15);

        var reserved = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => throttle.TryReserveAsync(3, window)));
        var tickets = reserved.Where(r => r.Ticket is not null).Select(r => r.Ticket!.Value).ToArray();
        await throttle.CompleteAsync(tickets[0], LoginOutcome.Abandoned);
        await throttle.CompleteAsync(tickets[1], LoginOutcome.Failed);
        var afterOneFailure = await throttle.GetCountsAsync();
        await throttle.CompleteAsync(tickets[2], LoginOutcome.Succeeded);

        // Three places: two parallel attempts beyond them were refused at once, with a wait.
        Assert.Equal(3, tickets.Length);
        Assert.All(reserved.Where(r => r.Ticket is null), r => Assert.True(r.RetryAfter > TimeSpan.Zero));
        Assert.Equal(new LoginThrottleCounts(1, 1), afterOneFailure);
        Assert.Equal(new LoginThrottleCounts(0, 0), await throttle.GetCountsAsync());
    }
}
