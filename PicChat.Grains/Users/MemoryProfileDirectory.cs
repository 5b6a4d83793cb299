using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>The directory in process memory, shared by every silo of a process, for grain tests on memory storage.</summary>
public sealed class MemoryProfileDirectory : IProfileDirectory
{
    public static MemoryProfileDirectory Shared { get; } = new();

    private readonly Dictionary<long, UserProfile> _rows = [];
    private readonly Lock _lock = new();

    public Task ListAsync(UserProfile profile)
    {
        lock (_lock) _rows[profile.UserId] = profile;
        return Task.CompletedTask;
    }

    public Task UnlistAsync(long userId)
    {
        lock (_lock) _rows.Remove(userId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UserProfile>>(
                userIds.Distinct().Select(id => _rows.GetValueOrDefault(id)).OfType<UserProfile>().ToArray());
        }
    }
}
