namespace PicChat.Abstractions.Users;

/// <summary>An API instance that remembers validated sessions, told when sessions end anywhere in the cluster.</summary>
public interface ISessionObserver : IGrainObserver
{
    /// <summary>The session (or, when <paramref name="sessionHash"/> is null, every session) of the user ended.</summary>
    Task SessionsEndedAsync(long userId, string? sessionHash);
}
