namespace PicChat.Grains.Friends;

/// <summary>The index in process memory, shared by every silo of a process, for grain tests on memory storage.</summary>
public sealed class MemoryFriendIndex : IFriendIndex
{
    public static MemoryFriendIndex Shared { get; } = new();

    private readonly HashSet<(long Owner, long Friend)> _rows = [];
    private readonly HashSet<long> _whole = [];
    private readonly Lock _lock = new();

    public Task AddAsync(long ownerId, long friendId)
    {
        lock (_lock) _rows.Add((ownerId, friendId));
        return Task.CompletedTask;
    }

    public Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds)
    {
        lock (_lock) _rows.RemoveWhere(r => r.Owner == ownerId && friendIds.Contains(r.Friend));
        return Task.CompletedTask;
    }

    public Task<(bool Whole, int Count)> CountAsync(long ownerId)
    {
        lock (_lock) return Task.FromResult((_whole.Contains(ownerId), _rows.Count(r => r.Owner == ownerId)));
    }

    public Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds)
    {
        lock (_lock)
        {
            _rows.RemoveWhere(r => r.Owner == ownerId);
            _rows.UnionWith(friendIds.Select(f => (ownerId, f)));
            _whole.Add(ownerId);
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates)
    {
        lock (_lock)
        {
            return Task.FromResult<(IReadOnlySet<long>, IReadOnlySet<long>)>(
                (candidates.Where(c => _rows.Contains((c, userId))).ToHashSet(), candidates.Where(_whole.Contains).ToHashSet()));
        }
    }
}
