namespace PicChat.Abstractions.Pictures;

/// <summary>
/// One picture, keyed by its picId, and the judge of who may see it: its owner and the people the owner has
/// added as friends. To anyone else it does not exist.
/// </summary>
public interface IPictureGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the picture; false if this id was ever used before.</summary>
    Task<bool> CreateAsync(long ownerId, string picUrl, DateTimeOffset createdAt);

    /// <summary>The picture if <paramref name="viewerId"/> may see it, else null (missing and hidden look alike).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PictureInfo?> GetAsync(long viewerId);

    /// <summary>Which of a chat's two people may see the picture: both, or the first who may not.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ChatAudience> GetChatAudienceAsync(long senderId, long receiverId);

    /// <summary>The owner's id, or null when the picture does not exist (for checks that are not about one viewer).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<long?> GetOwnerIdAsync();

    /// <summary>Deletes the picture (and what hangs off it) if <paramref name="requesterId"/> owns it.</summary>
    Task<DeletePictureResult> DeleteAsync(long requesterId);
}
