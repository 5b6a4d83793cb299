using Microsoft.Extensions.Options;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Storage;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Friends;

public sealed class FriendListGrain(
    [PersistentState("friends", StorageNames.PicChat)] IPersistentState<FriendListState> state,
    TimeProvider time,
    IOptions<FriendListOptions> options) : Grain, IFriendListGrain
{
    private int MaxFriends => options.Value.MaxFriends;

    // Position of each friend in the list, rebuilt on activation: lookups stay O(1) at 5000 entries.
    private readonly Dictionary<long, int> _positions = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reindex();
        return Task.CompletedTask;
    }

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

        state.State.Friends.Add(new FriendEntry(friendId, nickName, time.GetUtcNow()));
        _positions[friendId] = state.State.Friends.Count - 1;
        await state.WriteStateAsync();
        return AddFriendResult.Added;
    }

    public async Task<bool> RemoveAsync(long friendId)
    {
        if (!_positions.ContainsKey(friendId))
        {
            return false;
        }

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

    public Task<FriendEntry?> GetAsync(long friendId) =>
        Task.FromResult(_positions.TryGetValue(friendId, out var position) ? state.State.Friends[position] : null);

    public Task<IReadOnlyList<FriendEntry>> GetAllAsync() => Task.FromResult<IReadOnlyList<FriendEntry>>(state.State.Friends.ToArray());

    public Task<bool> ContainsAsync(long userId) => Task.FromResult(_positions.ContainsKey(userId));

    public Task<bool[]> ContainsEachAsync(long[] userIds) => Task.FromResult(Array.ConvertAll(userIds, _positions.ContainsKey));

    public async Task ForgetAsync(IReadOnlyCollection<long> destroyedUserIds)
    {
        var gone = destroyedUserIds.ToHashSet();
        var forgotten = state.State.Friends.RemoveAll(f => gone.Contains(f.FriendId));
        if (forgotten > 0)
        {
            Reindex();
            await state.WriteStateAsync();
        }
    }

    public async Task ClearAsync()
    {
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

    private void Reindex()
    {
        _positions.Clear();
        for (var i = 0; i < state.State.Friends.Count; i++)
        {
            _positions[state.State.Friends[i].FriendId] = i;
        }
    }
}
