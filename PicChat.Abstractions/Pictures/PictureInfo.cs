namespace PicChat.Abstractions.Pictures;

/// <summary>A picture as the contract shows it. Pictures never change after creation, only disappear.</summary>
[GenerateSerializer, Immutable, Alias("picchat.PictureInfo")]
public sealed record PictureInfo(
    [property: Id(0)] long PicId,
    [property: Id(1)] long OwnerId,
    [property: Id(2)] string PicUrl,
    [property: Id(3)] DateTimeOffset CreatedAt);
