using Microsoft.Extensions.Logging;
using PicChat.Grains.Hosting;

namespace PicChat.Grains.Friends;

/// <summary>
/// One friend list's rows in the <see cref="IFriendIndex"/>, kept a subset of the list: a friend's row is made
/// present after the entry is stored and absent before it is removed. A failed write after the list changed
/// only leaves a row missing (a mobile number hidden from that friend); the list's next change, or its next
/// activation, makes the rows whole again.
/// </summary>
public sealed class FriendIndexKeeper(long ownerId, IFriendIndex index, WriteVersions versions, ILogger logger)
{
    private bool _behind;

    /// <summary>Makes the rows exactly <paramref name="friendIds"/> unless they already are (counted).</summary>
    public async Task MakeWholeAsync(IReadOnlyCollection<long> friendIds)
    {
        try
        {
            var (whole, count) = await index.CountAsync(ownerId);
            if (!whole || count != friendIds.Count)
            {
                await index.ReplaceAsync(ownerId, friendIds, versions.Next());
            }

            _behind = false;
        }
        catch (Exception ex)
        {
            _behind = true;
            logger.LogWarning(ex, "Making the friend index of user {UserId} whole failed; the list's next change retries", ownerId);
        }
    }

    /// <summary>Before a change: catches up first if an earlier write failed.</summary>
    public Task CatchUpAsync(IReadOnlyCollection<long> friendIds) => _behind ? MakeWholeAsync(friendIds) : Task.CompletedTask;

    /// <summary>After the entry is stored; never fails the change, which is stored.</summary>
    public async Task AddedAsync(long friendId)
    {
        try
        {
            await index.AddAsync(ownerId, friendId, versions.Next());
        }
        catch (Exception ex)
        {
            _behind = true;
            logger.LogWarning(ex, "Indexing friend {FriendId} of user {UserId} failed; the list's next change or activation catches up", friendId, ownerId);
        }
    }

    /// <summary>Before the entries are removed; a failure stops the removal.</summary>
    public Task RemovingAsync(IReadOnlyCollection<long> friendIds) => index.RemoveAsync(ownerId, friendIds, versions.Next());

    /// <summary>Before the whole list is removed; a failure stops the removal.</summary>
    public Task ClearingAsync() => index.ReplaceAsync(ownerId, [], versions.Next());

    /// <summary>See <see cref="IFriendIndex.WhoAddedAsync"/>: which of <paramref name="candidates"/> have added the owner.</summary>
    public Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedOwnerAsync(IReadOnlyCollection<long> candidates) =>
        index.WhoAddedAsync(ownerId, candidates);
}
