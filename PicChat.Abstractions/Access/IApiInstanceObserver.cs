namespace PicChat.Abstractions.Access;

/// <summary>
/// An API instance that remembers what grains told it (validated sessions, read-mostly answers), told when any of
/// it changes anywhere in the cluster.
/// </summary>
public interface IApiInstanceObserver : IGrainObserver
{
    /// <summary>The session (or, when <paramref name="sessionHash"/> is null, every session) of the user ended.</summary>
    Task SessionsEndedAsync(long userId, string? sessionHash);

    /// <summary>What <paramref name="change"/> names changed: answers remembered from before it are void.</summary>
    Task ReadsChangedAsync(ReadChange change);
}
