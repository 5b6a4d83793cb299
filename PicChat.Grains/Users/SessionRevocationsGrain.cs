using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>
/// Reentrant: endings are independent of each other and each waits for every instance's answer, so one slow
/// instance must not hold up every other logout. Nothing is stored: subscribers renew themselves, and a restart
/// shows up at every instance's next renewal as "not subscribed", and each then drops what it remembered.
/// </summary>
[Reentrant]
public sealed class SessionRevocationsGrain(ILogger<SessionRevocationsGrain> logger) : Grain, ISessionRevocationsGrain
{
    /// <summary>An instance that has not renewed for this long is forgotten (they renew every few seconds).</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<ISessionObserver> _observers = new(SubscriptionLifetime, logger);

    public Task<bool> SubscribeAsync(ISessionObserver observer)
    {
        var subscribed = _observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(subscribed);
    }

    /// <summary>
    /// How long an instance has to confirm an ending. One that is gone without unsubscribing (a crash) costs the
    /// next logout this long once, then is dropped; it stays well inside the caller's grain-call timeout.
    /// </summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromSeconds(1);

    public Task UnsubscribeAsync(ISessionObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task EndSessionsAsync(long userId, string? sessionHash)
    {
        await Task.WhenAll(_observers.ToList().Select(async observer =>
        {
            try
            {
                await observer.SessionsEndedAsync(userId, sessionHash).WaitAsync(ConfirmWithin);
            }
            catch (Exception ex)
            {
                // Dropped, so that its next renewal is answered "not subscribed" and it forgets every session.
                logger.LogWarning(ex, "An API instance did not confirm an ended session; it is unsubscribed");
                _observers.Unsubscribe(observer);
            }
        }));
    }
}
