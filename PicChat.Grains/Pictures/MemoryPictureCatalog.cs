using PicChat.Abstractions.Pictures;

namespace PicChat.Grains.Pictures;

/// <summary>
/// The catalog in process memory, for grain tests on memory storage. One instance serves every silo of a
/// process (like memory grain storage does), so a test cluster of several silos sees one catalog.
/// </summary>
public sealed class MemoryPictureCatalog : IPictureCatalog
{
    public static MemoryPictureCatalog Shared { get; } = new();

    private readonly Dictionary<long, SortedDictionary<long, PictureInfo>> _byOwner = [];
    private readonly Lock _lock = new();

    public Task AddAsync(PictureInfo picture)
    {
        lock (_lock)
        {
            if (!_byOwner.TryGetValue(picture.OwnerId, out var pictures))
            {
                _byOwner[picture.OwnerId] = pictures = [];
            }

            pictures[picture.PicId] = picture;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(long ownerId, long picId)
    {
        lock (_lock)
        {
            if (_byOwner.TryGetValue(ownerId, out var pictures))
            {
                pictures.Remove(picId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PictureInfo>> ReadPageAsync(long ownerId, long? before, int limit)
    {
        lock (_lock)
        {
            IReadOnlyList<PictureInfo> page = _byOwner.TryGetValue(ownerId, out var pictures)
                ? pictures.Values.Reverse().Where(p => before is null || p.PicId < before).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }
}
