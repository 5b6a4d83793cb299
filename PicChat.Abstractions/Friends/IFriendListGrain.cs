namespace PicChat.Abstractions.Friends;

/// <summary>
/// One user's personal contact list, keyed by the user's id: one-directional (adding someone asks nothing of
/// them), with a private nickname per entry, in the order added. It is also what picture visibility and
/// mobile-number privacy consult: "has the owner added this person?".
/// </summary>
public interface IFriendListGrain : IGrainWithIntegerKey
{
    /// <summary>Adds <paramref name="friendId"/>; the caller has checked that the user exists.</summary>
    Task<AddFriendResult> AddAsync(long friendId, string nickName);

    /// <summary>Removes the entry; false if it was not on the list.</summary>
    Task<bool> RemoveAsync(long friendId);

    /// <summary>Renames the entry; false if it was not on the list.</summary>
    Task<bool> RenameAsync(long friendId, string nickName);

    // Reads interleave: they touch no storage, and two users reading each other's lists must not wait on each other.
    [Orleans.Concurrency.AlwaysInterleave]
    Task<FriendEntry?> GetAsync(long friendId);

    /// <summary>Every entry, in the order added.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<FriendEntry>> GetAllAsync();

    /// <summary>Whether the owner of this list has added <paramref name="userId"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> ContainsAsync(long userId);

    /// <summary>For each of <paramref name="userIds"/>, whether it is on the list: one call for a chat's two people.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool[]> ContainsEachAsync(long[] userIds);

    /// <summary>Drops entries of users found destroyed, so they stop counting towards the limit.</summary>
    Task ForgetAsync(IReadOnlyCollection<long> destroyedUserIds);

    /// <summary>Deletes the whole list (the owner is being destroyed).</summary>
    Task ClearAsync();
}
