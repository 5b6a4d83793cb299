using PicChat.Abstractions.Users;
using PicChat.Abstractions.Friends;

namespace PicChat.Api.Friends;

/// <summary>Turns friend-list entries into the contract's <c>friend</c> objects, as one reader may see them.</summary>
public static class FriendViews
{
    /// <summary>
    /// Fetches every friend's profile, and whether that friend has added the reader (which decides whether the
    /// reader sees the friend's mobile), all at once rather than one friend after another. Destroyed users
    /// are left out, and the reader's list forgets them.
    /// </summary>
    public static async Task<IReadOnlyList<FriendView>> BuildAsync(IClusterClient cluster, long readerId, IReadOnlyList<FriendEntry> entries)
    {
        var lookups = entries.Select(async entry =>
        {
            var profile = cluster.GetGrain<IUserGrain>(entry.FriendId).GetProfileAsync();
            var addedReader = cluster.GetGrain<IFriendListGrain>(entry.FriendId).ContainsAsync(readerId);
            return (Entry: entry, Profile: await profile, AddedReader: await addedReader);
        });
        var results = await Task.WhenAll(lookups);

        var destroyed = results.Where(r => r.Profile is null).Select(r => r.Entry.FriendId).ToArray();
        if (destroyed.Length > 0)
        {
            await cluster.GetGrain<IFriendListGrain>(readerId).ForgetAsync(destroyed);
        }

        return results.Where(r => r.Profile is not null)
            .Select(r => FriendView.From(r.Profile!, r.Entry, r.AddedReader))
            .ToArray();
    }
}
