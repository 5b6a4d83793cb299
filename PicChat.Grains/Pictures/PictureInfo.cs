namespace PicChat.Grains.Pictures;

/// <summary>A picture as the contract shows it. Pictures never change after creation, only disappear.</summary>
[GenerateSerializer, Immutable, Alias("picchat.PictureInfo")]
public sealed record PictureInfo(
    [property: Id(0)] long PicId,
    [property: Id(1)] long OwnerId,
    [property: Id(2)] string PicUrl,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>One page of an owner's pictures, newest first, and the cursor of the next page (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("picchat.PicturePage")]
public sealed record PicturePage(
    [property: Id(0)] IReadOnlyList<PictureInfo> Pictures,
    [property: Id(1)] long? NextBefore);
