using PicChat.Abstractions.Access;

namespace PicChat.Abstractions.Friends;

/// <summary>
/// One user's personal contact list, keyed by the user's id: one-directional (adding someone asks nothing of
/// them), with a private nickname per entry, in the order added. It is also what picture visibility and
/// mobile-number privacy consult: "has the owner added this person?" (the rule itself: <see cref="Visibility"/>).
/// </summary>
public interface IFriendListGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Starts a new user's empty list, so that from the first friend on, others learn from one query whether
    /// this user has added them rather than by asking this grain.
    /// </summary>
    Task CreateAsync();

    /// <summary>Adds <paramref name="friendId"/>; the caller has checked that the user exists.</summary>
    Task<AddFriendResult> AddAsync(long friendId, string nickName);

    /// <summary>Removes the entry; false if it was not on the list.</summary>
    Task<bool> RemoveAsync(long friendId);

    /// <summary>Renames the entry; false if it was not on the list.</summary>
    Task<bool> RenameAsync(long friendId, string nickName);

    /// <summary>
    /// One entry with the friend's profile as the list's owner may see it; null when the friend is not on the
    /// list or no longer exists (and is forgotten).
    /// </summary>
    Task<ListedFriend?> ReadAsync(long friendId);

    /// <summary>
    /// Every entry, in the order added, with each friend's profile as the list's owner may see it: two queries
    /// whatever the length (plus a call for each friend the tables cannot speak for yet, see
    /// <c>ProfileDirectoryGrain</c> and <c>FriendIndexKeeper</c>). Friends who no longer exist are left out and
    /// forgotten, which is a write, so these two reads do not interleave.
    /// </summary>
    Task<IReadOnlyList<ListedFriend>> ReadAllAsync();

    // These reads interleave: they touch no storage, and two users reading each other's lists must not wait on each other.
    /// <summary>Whether this list's owner shares their pictures and mobile number with <paramref name="viewerId"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> SharesWithAsync(long viewerId);

    /// <summary><see cref="SharesWithAsync"/> for each of <paramref name="viewerIds"/>: one call for a chat's two people.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool[]> SharesWithEachAsync(long[] viewerIds);

    /// <summary>Drops entries of users found destroyed, so they stop counting towards the limit.</summary>
    Task ForgetAsync(IReadOnlyCollection<long> destroyedUserIds);

    /// <summary>Deletes the whole list (the owner is being destroyed).</summary>
    Task ClearAsync();
}
