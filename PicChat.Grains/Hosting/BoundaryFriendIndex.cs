using Microsoft.Extensions.Logging;
using PicChat.Grains.Friends;

namespace PicChat.Grains.Hosting;

/// <summary>A friend index whose failures arrive as PicChat's storage exceptions (see <see cref="StoreBoundary"/>).</summary>
internal sealed class BoundaryFriendIndex(IFriendIndex store, ILogger logger) : IFriendIndex
{
    public Task AddAsync(long ownerId, long friendId, long version) =>
        StoreBoundary.WriteAsync(() => store.AddAsync(ownerId, friendId, version), logger);

    public Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version) =>
        StoreBoundary.WriteAsync(() => store.RemoveAsync(ownerId, friendIds, version), logger);

    public Task<(bool Whole, int Count)> CountAsync(long ownerId) => StoreBoundary.ReadAsync(() => store.CountAsync(ownerId), logger);

    public Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version) =>
        StoreBoundary.WriteAsync(() => store.ReplaceAsync(ownerId, friendIds, version), logger);

    public Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates) =>
        StoreBoundary.ReadAsync(() => store.WhoAddedAsync(userId, candidates), logger);
}
