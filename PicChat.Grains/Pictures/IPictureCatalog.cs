using PicChat.Abstractions.Pictures;

namespace PicChat.Grains.Pictures;

/// <summary>
/// The per-owner index of pictures, kept outside grain state so that adding one picture writes one row and
/// reading a page reads one page, however many pictures the owner has. Each <see cref="IPictureGrain"/> is
/// the truth about its own picture; the catalog only lists them.
/// </summary>
public interface IPictureCatalog
{
    /// <summary>Lists the picture (idempotent).</summary>
    Task AddAsync(PictureInfo picture);

    /// <summary>Unlists the picture (idempotent).</summary>
    Task RemoveAsync(long ownerId, long picId);

    /// <summary>Up to <paramref name="limit"/> of the owner's pictures with ids below <paramref name="before"/>, newest first.</summary>
    Task<IReadOnlyList<PictureInfo>> ReadPageAsync(long ownerId, long? before, int limit);
}
