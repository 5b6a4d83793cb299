using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Storage;
using PicChat.Abstractions.Users;
using PicChat.Grains.Hosting;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Friends;

public sealed class FriendListGrain(
    [PersistentState("friends", StorageNames.PicChat)] IPersistentState<FriendListState> state,
    TimeProvider time,
    IOptions<FriendListOptions> options,
    IFriendIndex index,
    ILogger<FriendListGrain> logger) : Grain, IFriendListGrain
{
    private int MaxFriends => options.Value.MaxFriends;

    private long OwnerId => this.GetPrimaryKeyLong();

    // Position of each friend in the list, rebuilt on activation: lookups stay O(1) at 5000 entries.
    private readonly Dictionary<long, int> _positions = [];

    private FriendIndexKeeper _index = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reindex();
        _index = new FriendIndexKeeper(OwnerId, index, new WriteVersions(time), logger);
        await _index.MakeWholeAsync(_positions.Keys);
    }

    // Activation has made the index whole; this only says so (or retries, should that have failed).
    public Task CreateAsync() => _index.CatchUpAsync(_positions.Keys);

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

        await _index.CatchUpAsync(_positions.Keys);
        state.State.Friends.Add(new FriendEntry(friendId, nickName, time.GetUtcNow()));
        _positions[friendId] = state.State.Friends.Count - 1;
        await state.WriteStateAsync();
        await SharingChangedAsync();
        await _index.AddedAsync(friendId);
        return AddFriendResult.Added;
    }

    public async Task<bool> RemoveAsync(long friendId)
    {
        if (!_positions.ContainsKey(friendId))
        {
            return false;
        }

        await _index.CatchUpAsync(_positions.Keys);
        await _index.RemovingAsync([friendId]);
        state.State.Friends.RemoveAll(f => f.FriendId == friendId);
        Reindex();
        await state.WriteStateAsync();
        await SharingChangedAsync();
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
        _positions.TryGetValue(friendId, out var position) ? (await WithProfilesAsync([state.State.Friends[position]])).SingleOrDefault() : null;

    public Task<IReadOnlyList<ListedFriend>> ReadAllAsync() => WithProfilesAsync(state.State.Friends.ToArray());

    public Task<bool> SharesWithAsync(long viewerId) => Task.FromResult(SharesWith(viewerId));

    public Task<bool[]> SharesWithEachAsync(long[] viewerIds) => Task.FromResult(Array.ConvertAll(viewerIds, SharesWith));

    public async Task ForgetAsync(IReadOnlyCollection<long> destroyedUserIds)
    {
        var gone = destroyedUserIds.Where(_positions.ContainsKey).ToHashSet();
        if (gone.Count == 0)
        {
            return;
        }

        await _index.RemovingAsync(gone);
        state.State.Friends.RemoveAll(f => gone.Contains(f.FriendId));
        Reindex();
        await state.WriteStateAsync();
        await SharingChangedAsync();
    }

    public async Task ClearAsync()
    {
        await _index.ClearingAsync();
        state.State.Friends.Clear();
        _positions.Clear();
        await state.ClearStateAsync();
        await SharingChangedAsync();
        DeactivateOnIdle();
    }

    /// <summary>Whom this list shares with changed: API instances forget what they remembered of it before the caller hears.</summary>
    private Task SharingChangedAsync() => GrainFactory.TellApiInstancesAsync(new ReadChange(ReadChangeKind.Friends, OwnerId), logger);

    /// <summary>A full list may be full of destroyed users; drop them before refusing. True if room was made.</summary>
    private async Task<bool> ForgetDestroyedAsync()
    {
        var profiles = await Task.WhenAll(state.State.Friends.Select(f => GrainFactory.Grain<IUserGrain>(f.FriendId).GetProfileAsync()));
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
    private async Task<IReadOnlyList<ListedFriend>> WithProfilesAsync(FriendEntry[] entries)
    {
        var ids = Array.ConvertAll(entries, e => e.FriendId);
        var profiles = (await GrainFactory.Grain<IProfileDirectoryGrain>(0).FindAsync(ids)).ToDictionary(p => p.UserId);
        var (added, whole) = await _index.WhoAddedOwnerAsync(ids);
        var unknown = ids.Where(id => profiles.ContainsKey(id) && !added.Contains(id) && !whole.Contains(id)).ToArray();
        var asked = await Task.WhenAll(unknown.Select(id => GrainFactory.Grain<IFriendListGrain>(id).SharesWithAsync(OwnerId)));
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

    private void Reindex()
    {
        _positions.Clear();
        for (var i = 0; i < state.State.Friends.Count; i++)
        {
            _positions[state.State.Friends[i].FriendId] = i;
        }
    }
}
