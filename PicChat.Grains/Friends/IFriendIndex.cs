namespace PicChat.Grains.Friends;

/// <summary>
/// Every friend list as (owner, friend) rows, kept by each list's grain (its schema: <c>006_friend_index.sql</c>),
/// to answer in one query which of many users have added someone. The present rows are always a subset of the
/// lists themselves. Versions come from the list's grain and only grow (<see cref="Hosting.WriteVersions"/>):
/// making a row present needs a newer version than the row's; making it absent always wins.
/// </summary>
public interface IFriendIndex
{
    Task AddAsync(long ownerId, long friendId, long version);

    Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version);

    /// <summary>
    /// Whether the owner's rows were ever made whole by <see cref="ReplaceAsync"/>, and how many are present: a
    /// list whose rows are whole and as many as its entries has missed nothing.
    /// </summary>
    Task<(bool Whole, int Count)> CountAsync(long ownerId);

    /// <summary>Makes the owner's present rows exactly <paramref name="friendIds"/> and marks them whole.</summary>
    Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version);

    /// <summary>
    /// Of <paramref name="candidates"/>: those whose lists hold <paramref name="userId"/>, and those whose rows are
    /// whole. A candidate in neither set has a list the index cannot speak for (one written before the index
    /// existed): ask its grain.
    /// </summary>
    Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates);
}
