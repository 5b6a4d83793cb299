namespace PicChat.Abstractions.Pictures;

/// <summary>
/// The pictures of one owner, keyed by the owner's id: creates them (a new picId from the cluster-wide
/// "pictures" sequence) and pages through them newest first via the picture catalog (a table beside grain state).
/// It holds no state of its own, so its cost does not grow with the number of pictures.
/// </summary>
public interface IUserPicturesGrain : IGrainWithIntegerKey
{
    Task<PictureInfo> CreateAsync(string picUrl);

    /// <summary>
    /// A page of the owner's pictures as <paramref name="viewerId"/> may see them: all of them for the owner and
    /// the owner's friends, none for anyone else.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PicturePage> ReadPageAsync(long viewerId, long? before, int limit);

    /// <summary>Deletes every picture of the owner (the owner is being destroyed).</summary>
    Task DeleteAllAsync();
}
