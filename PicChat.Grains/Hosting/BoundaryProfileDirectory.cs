using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Users;
using PicChat.Grains.Users;

namespace PicChat.Grains.Hosting;

/// <summary>A profile directory whose failures arrive as PicChat's storage exceptions (see <see cref="StoreBoundary"/>).</summary>
internal sealed class BoundaryProfileDirectory(IProfileDirectory store, ILogger logger) : IProfileDirectory
{
    public Task ListAsync(UserProfile profile, long version) => StoreBoundary.WriteAsync(() => store.ListAsync(profile, version), logger);

    public Task UnlistAsync(long userId, long version) => StoreBoundary.WriteAsync(() => store.UnlistAsync(userId, version), logger);

    public Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds) =>
        StoreBoundary.ReadAsync(() => store.FindAsync(userIds), logger);
}
