using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Pictures;
using PicChat.Grains.Pictures;

namespace PicChat.Grains.Hosting;

/// <summary>A picture catalog whose failures arrive as PicChat's storage exceptions (see <see cref="StoreBoundary"/>).</summary>
internal sealed class BoundaryPictureCatalog(IPictureCatalog store, ILogger logger) : IPictureCatalog
{
    public Task AddAsync(PictureInfo picture) => StoreBoundary.WriteAsync(() => store.AddAsync(picture), logger);

    public Task RemoveAsync(long ownerId, long picId) => StoreBoundary.WriteAsync(() => store.RemoveAsync(ownerId, picId), logger);

    public Task<IReadOnlyList<PictureInfo>> ReadPageAsync(long ownerId, long? before, int limit) =>
        StoreBoundary.ReadAsync(() => store.ReadPageAsync(ownerId, before, limit), logger);
}
