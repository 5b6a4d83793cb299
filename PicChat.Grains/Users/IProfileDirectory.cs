using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>
/// Registered users' profiles in one table (its schema: <c>007_profile_directory.sql</c>), written by each user's
/// grain, read many at once. A listed row is current; see <see cref="ProfileDirectoryGrain"/>. Versions come from
/// the user's grain and only grow (<see cref="Hosting.WriteVersions"/>).
/// </summary>
public interface IProfileDirectory
{
    /// <summary>Lists the profile, unless the row was written with <paramref name="version"/> or a newer one.</summary>
    Task ListAsync(UserProfile profile, long version);

    /// <summary>Unlists the user, whatever the row's version: an unlisting always wins over a listing before it.</summary>
    Task UnlistAsync(long userId, long version);

    /// <summary>The listed rows there are of <paramref name="userIds"/>, in no particular order.</summary>
    Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds);
}
