namespace PicChat.Abstractions.Users;

/// <summary>
/// The cluster's one broadcaster of ended sessions (key 0): every API instance subscribes, and a logout, password
/// change or destroy is acknowledged only after every reachable instance has forgotten the session.
/// </summary>
public interface ISessionRevocationsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Subscribes or renews <paramref name="observer"/>. False when it was not subscribed until now (its first
    /// time, a restart of this broadcaster, or after it failed to confirm an ending): it may have missed endings
    /// and must forget every session it remembers.
    /// </summary>
    Task<bool> SubscribeAsync(ISessionObserver observer);

    /// <summary>Stops telling <paramref name="observer"/> (an instance shutting down).</summary>
    Task UnsubscribeAsync(ISessionObserver observer);

    /// <summary>Tells every subscribed instance that the session (or all sessions when null) of the user ended.</summary>
    Task EndSessionsAsync(long userId, string? sessionHash);
}
