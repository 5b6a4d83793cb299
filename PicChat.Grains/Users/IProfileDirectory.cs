using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>
/// Registered users' profiles in one table (its schema: <c>007_profile_directory.sql</c>), written by each user's
/// grain, read many at once. A row is current or missing, never stale; see <see cref="ProfileDirectoryGrain"/>.
/// </summary>
public interface IProfileDirectory
{
    /// <summary>Writes the current profile.</summary>
    Task ListAsync(UserProfile profile);

    Task UnlistAsync(long userId);

    /// <summary>The rows there are of <paramref name="userIds"/>, in no particular order.</summary>
    Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds);
}
