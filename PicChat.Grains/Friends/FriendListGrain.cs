using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Storage;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Friends;

public sealed class FriendListGrain(
    [PersistentState("friends", StorageNames.PicChat)] IPersistentState<FriendListState> state,
    IOptions<FriendListOptions> options,
    IFriendIndex index,
    ILogger<FriendListGrain> logger) : Grain, IFriendListGrain
{
    private int MaxFriends => options.Value.MaxFriends;

    private long OwnerId => this.GetPrimaryKeyLong();

    /// <summary>Set when an index write failed after the list changed: the next change makes the rows whole first.</summary>
    private bool _indexBehind;

    // Position of each friend in the list, rebuilt on activation: lookups stay O(1) at 5000 entries.
    private readonly Dictionary<long, int> _positions = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reindex();
        await MakeIndexWholeAsync();
    }

    // Activation has made the index whole; this only says so (or retries, should that have failed).
    public Task CreateAsync() => CatchUpIndexAsync();

    public async Task<AddFriendResult> AddAsync(long friendId, string nickName)
    {
        if (_positions.ContainsKey(friendId))
        {
            return AddFriendResult.AlreadyFriend;
        }

        if (state.State.Friends.Count >= MaxFriends && !await ForgetDestroyedAsync())
        {
            return AddFriendResult.LimitReached;
        }

        await CatchUpIndexAsync();
        state.State.Friends.Add(new FriendEntry(friendId, nickName, DateTimeOffset.UtcNow));
        _positions[friendId] = state.State.Friends.Count - 1;
        await state.WriteStateAsync();

        // Indexed after it is stored: the index must never hold a friend the list does not.
        try
        {
            await index.AddAsync(OwnerId, friendId);
        }
        catch (Exception ex)
        {
            _indexBehind = true;
            logger.LogWarning(ex, "Indexing friend {FriendId} of user {UserId} failed; the next change or activation catches up", friendId, OwnerId);
        }

        return AddFriendResult.Added;
    }

    public async Task<bool> RemoveAsync(long friendId)
    {
        if (!_positions.ContainsKey(friendId))
        {
            return false;
        }

        // Out of the index before the list: if the write below fails, the friend stops seeing the mobile a little early.
        await index.RemoveAsync(OwnerId, [friendId]);
        state.State.Friends.RemoveAll(f => f.FriendId == friendId);
        Reindex();
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RenameAsync(long friendId, string nickName)
    {
        if (!_positions.TryGetValue(friendId, out var position))
        {
            return false;
        }

        state.State.Friends[position] = state.State.Friends[position] with { NickName = nickName };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<ListedFriend?> ReadAsync(long friendId) =>
        _positions.TryGetValue(friendId, out var position) ? (await ReadAsync([state.State.Friends[position]])).SingleOrDefault() : null;

    public Task<IReadOnlyList<ListedFriend>> ReadAllAsync() => ReadAsync(state.State.Friends.ToArray());

    public Task<bool> SharesWithAsync(long viewerId) => Task.FromResult(SharesWith(viewerId));

    public Task<bool[]> SharesWithEachAsync(long[] viewerIds) => Task.FromResult(Array.ConvertAll(viewerIds, SharesWith));

    public async Task ForgetAsync(IReadOnlyCollection<long> destroyedUserIds)
    {
        var gone = destroyedUserIds.ToHashSet();
        await index.RemoveAsync(OwnerId, gone);
        var forgotten = state.State.Friends.RemoveAll(f => gone.Contains(f.FriendId));
        if (forgotten > 0)
        {
            Reindex();
            await state.WriteStateAsync();
        }
    }

    public async Task ClearAsync()
    {
        await index.ReplaceAsync(OwnerId, []);
        state.State.Friends.Clear();
        _positions.Clear();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>A full list may be full of destroyed users; drop them before refusing. True if room was made.</summary>
    private async Task<bool> ForgetDestroyedAsync()
    {
        var profiles = await Task.WhenAll(state.State.Friends.Select(f => GrainFactory.GetGrain<IUserGrain>(f.FriendId).GetProfileAsync()));
        var destroyed = state.State.Friends.Where((_, i) => profiles[i] is null).Select(f => f.FriendId).ToHashSet();
        await ForgetAsync(destroyed);
        return destroyed.Count > 0;
    }

    private bool SharesWith(long viewerId) => Visibility.SharedWith(viewerId, OwnerId, _positions.ContainsKey(viewerId));

    /// <summary>
    /// The entries with their friends' profiles, two queries and no call to each friend's grain: the profiles
    /// from the directory, and who of them shares their mobile number with this list's owner from the index
    /// (a friend whose list the index cannot speak for is asked directly).
    /// </summary>
    private async Task<IReadOnlyList<ListedFriend>> ReadAsync(FriendEntry[] entries)
    {
        var ids = Array.ConvertAll(entries, e => e.FriendId);
        var profiles = (await GrainFactory.GetGrain<IProfileDirectoryGrain>(0).FindAsync(ids)).ToDictionary(p => p.UserId);
        var (added, whole) = await index.WhoAddedAsync(OwnerId, ids);
        var unknown = ids.Where(id => profiles.ContainsKey(id) && !added.Contains(id) && !whole.Contains(id)).ToArray();
        var asked = await Task.WhenAll(unknown.Select(id => GrainFactory.GetGrain<IFriendListGrain>(id).SharesWithAsync(OwnerId)));
        var sharing = added.Concat(unknown.Where((_, i) => asked[i])).ToHashSet();

        var destroyed = ids.Where(id => !profiles.ContainsKey(id)).ToArray();
        if (destroyed.Length > 0)
        {
            await ForgetAsync(destroyed);
        }

        return entries.Where(e => profiles.ContainsKey(e.FriendId)).Select(e => new ListedFriend(e,
            Visibility.SharedWith(OwnerId, e.FriendId, sharing.Contains(e.FriendId))
                ? profiles[e.FriendId] : profiles[e.FriendId].WithoutPrivateFields())).ToArray();
    }

    /// <summary>Makes the index rows whole if they are not (a list from before the index, or a write that failed).</summary>
    private async Task MakeIndexWholeAsync()
    {
        try
        {
            var (whole, count) = await index.CountAsync(OwnerId);
            if (!whole || count != state.State.Friends.Count)
            {
                await index.ReplaceAsync(OwnerId, _positions.Keys);
            }

            _indexBehind = false;
        }
        catch (Exception ex)
        {
            // The list itself is fine; its friends just see its mobile number as hidden until the index catches up.
            _indexBehind = true;
            logger.LogWarning(ex, "Making the friend index of user {UserId} whole failed; the next change retries", OwnerId);
        }
    }

    private async Task CatchUpIndexAsync()
    {
        if (_indexBehind)
        {
            await MakeIndexWholeAsync();
        }
    }

    private void Reindex()
    {
        _positions.Clear();
        for (var i = 0; i < state.State.Friends.Count; i++)
        {
            _positions[state.State.Friends[i].FriendId] = i;
        }
    }
}
