namespace PicChat.Grains.Friends;

/// <summary>The index in process memory, shared by every silo of a process, for grain tests on memory storage.</summary>
public sealed class MemoryFriendIndex : IFriendIndex
{
    private const long WholeMark = 0;

    public static MemoryFriendIndex Shared { get; } = new();

    private readonly Dictionary<(long Owner, long Friend), (bool Present, long Version)> _rows = [];
    private readonly Lock _lock = new();

    public Task AddAsync(long ownerId, long friendId, long version)
    {
        lock (_lock) MakePresent(ownerId, friendId, version);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version)
    {
        lock (_lock)
        {
            foreach (var friendId in friendIds)
            {
                MakeAbsent((ownerId, friendId), version);
            }
        }

        return Task.CompletedTask;
    }

    public Task<(bool Whole, int Count)> CountAsync(long ownerId)
    {
        lock (_lock)
        {
            var present = _rows.Where(r => r.Key.Owner == ownerId && r.Value.Present).Select(r => r.Key.Friend).ToArray();
            return Task.FromResult((present.Contains(WholeMark), present.Count(f => f != WholeMark)));
        }
    }

    public Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version)
    {
        lock (_lock)
        {
            var kept = friendIds.Append(WholeMark).ToHashSet();
            foreach (var key in _rows.Keys.Where(k => k.Owner == ownerId && !kept.Contains(k.Friend)).ToArray())
            {
                MakeAbsent(key, version);
            }

            foreach (var friendId in kept)
            {
                MakePresent(ownerId, friendId, version);
            }
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates)
    {
        lock (_lock)
        {
            bool Present(long owner, long friend) => _rows.TryGetValue((owner, friend), out var row) && row.Present;
            return Task.FromResult<(IReadOnlySet<long>, IReadOnlySet<long>)>(
                (candidates.Where(c => Present(c, userId)).ToHashSet(), candidates.Where(c => Present(c, WholeMark)).ToHashSet()));
        }
    }

    private void MakePresent(long ownerId, long friendId, long version)
    {
        if (!_rows.TryGetValue((ownerId, friendId), out var row) || row.Version < version)
        {
            _rows[(ownerId, friendId)] = (true, version);
        }
    }

    private void MakeAbsent((long Owner, long Friend) key, long version) =>
        _rows[key] = (false, _rows.TryGetValue(key, out var row) ? Math.Max(row.Version + 1, version) : version);
}
