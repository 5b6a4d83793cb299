using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>The directory in process memory, shared by every silo of a process, for grain tests on memory storage.</summary>
public sealed class MemoryProfileDirectory : IProfileDirectory
{
    public static MemoryProfileDirectory Shared { get; } = new();

    private readonly Dictionary<long, (UserProfile? Listed, long Version)> _rows = [];
    private readonly Lock _lock = new();

    public Task ListAsync(UserProfile profile, long version)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(profile.UserId, out var row) || row.Version < version)
            {
                _rows[profile.UserId] = (profile, version);
            }
        }

        return Task.CompletedTask;
    }

    public Task UnlistAsync(long userId, long version)
    {
        lock (_lock) _rows[userId] = (null, _rows.TryGetValue(userId, out var row) ? Math.Max(row.Version + 1, version) : version);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UserProfile>>(
                userIds.Distinct().Select(id => _rows.GetValueOrDefault(id).Listed).OfType<UserProfile>().ToArray());
        }
    }
}
