namespace PicChat.Abstractions.Pictures;

/// <summary>One page of an owner's pictures, newest first, and the cursor of the next page (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("picchat.PicturePage")]
public sealed record PicturePage(
    [property: Id(0)] IReadOnlyList<PictureInfo> Pictures,
    [property: Id(1)] long? NextBefore);
