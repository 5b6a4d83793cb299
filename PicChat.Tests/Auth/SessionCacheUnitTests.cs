using Microsoft.Extensions.Time.Testing;
using PicChat.Api.Auth;

namespace PicChat.Tests.Auth;

public sealed class SessionCacheUnitTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));

    private SessionCache Trusted() => new(_time) { Trusted = true };

    [Fact]
    public void ARememberedSessionIsOpenForItsLifetimeAndNoLonger()
    {
        var cache = Trusted();

        cache.Remember(7, "h", _time.GetUtcNow().AddDays(30), cache.Endings);

        Assert.True(cache.IsOpen(7, "h"));
        Assert.False(cache.IsOpen(8, "h"));
        _time.Advance(SessionCache.Lifetime);
        Assert.False(cache.IsOpen(7, "h"));
    }

    [Fact]
    public void ASessionEndingSoonerThanTheLifetimeIsRememberedOnlyUntilItEnds()
    {
        var cache = Trusted();

        cache.Remember(7, "h", _time.GetUtcNow().AddSeconds(2), cache.Endings);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cache.IsOpen(7, "h"));
    }

    [Fact]
    public void AnEndingHeardWhileAGrainWasAskedKeepsItsAnswerOutOfTheCache()
    {
        var cache = Trusted();
        var before = cache.Endings;

        cache.End(7, "h"); // overtakes the grain's "open" answer
        cache.Remember(7, "h", _time.GetUtcNow().AddDays(30), before);

        Assert.False(cache.IsOpen(7, "h"));
    }

    [Fact]
    public void EndingEverySessionOfAUserLeavesOtherUsersAlone()
    {
        var cache = Trusted();
        cache.Remember(7, "a", _time.GetUtcNow().AddDays(1), cache.Endings);
        cache.Remember(7, "b", _time.GetUtcNow().AddDays(1), cache.Endings);
        cache.Remember(8, "c", _time.GetUtcNow().AddDays(1), cache.Endings);

        cache.End(7, null);

        Assert.False(cache.IsOpen(7, "a"));
        Assert.False(cache.IsOpen(7, "b"));
        Assert.True(cache.IsOpen(8, "c"));
    }

    [Fact]
    public void AnUntrustedCacheRemembersNothingAndForgetsWhatItHad()
    {
        var cache = Trusted();
        cache.Remember(7, "h", _time.GetUtcNow().AddDays(1), cache.Endings);

        cache.Trusted = false;
        cache.Remember(8, "g", _time.GetUtcNow().AddDays(1), cache.Endings);
        cache.Trusted = true;

        Assert.False(cache.IsOpen(7, "h"));
        Assert.False(cache.IsOpen(8, "g"));
        Assert.Equal(0, cache.Count);
    }
}
