namespace PicChat.Abstractions.Access;

/// <summary>
/// The cluster's one broadcaster to its API instances (key 0): every instance subscribes, and a logout, password
/// change or destroy, or a write that changes what instances may remember (<see cref="ReadChange"/>), is
/// acknowledged only after every reachable instance has forgotten what it changed.
/// </summary>
public interface IApiInstancesGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Subscribes or renews <paramref name="observer"/>. False when it was not subscribed until now (its first
    /// time, a restart of this broadcaster, or after it failed to confirm an ending): it may have missed endings
    /// and must forget everything it remembers.
    /// </summary>
    Task<bool> SubscribeAsync(IApiInstanceObserver observer);

    /// <summary>Stops telling <paramref name="observer"/> (an instance shutting down).</summary>
    Task UnsubscribeAsync(IApiInstanceObserver observer);

    /// <summary>Tells every subscribed instance that the session (or all sessions when null) of the user ended.</summary>
    Task EndSessionsAsync(long userId, string? sessionHash);

    /// <summary>Tells every subscribed instance that what <paramref name="change"/> names changed.</summary>
    Task ReadsChangedAsync(ReadChange change);
}
