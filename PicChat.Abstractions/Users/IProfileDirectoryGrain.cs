namespace PicChat.Abstractions.Users;

/// <summary>
/// Many users' profiles at once, from one table rather than from each user's grain (a friend list may hold
/// thousands). Stateless: every silo runs as many as the load needs; use key 0.
/// </summary>
public interface IProfileDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The full profiles (private fields included: the caller decides who sees them) of those of
    /// <paramref name="userIds"/> who exist, in no particular order.
    /// </summary>
    Task<IReadOnlyList<UserProfile>> FindAsync(long[] userIds);
}
