using PicChat.Api.Http;
using PicChat.Abstractions.Pictures;

namespace PicChat.Api.Pictures;

public sealed record PictureCreatedResponse(bool Ack, string PicUrl, long PicId, DateTime CreatedAt, ErrorBody? Err = null);

public sealed record PictureResponse(bool Ack, string PicUrl, long PicId, long OwnerId, DateTime CreatedAt, ErrorBody? Err = null)
{
    public static PictureResponse From(PictureInfo picture) =>
        new(true, picture.PicUrl, picture.PicId, picture.OwnerId, picture.CreatedAt.UtcDateTime);
}

/// <summary>An entry of <c>picsInfo</c>.</summary>
public sealed record PictureSummary(long PicId, string PicUrl, DateTime CreatedAt);

public sealed record PicturePageResponse(bool Ack, IReadOnlyList<PictureSummary> PicsInfo, long? NextBefore, ErrorBody? Err = null);

public sealed record AckResponse(bool Ack = true, ErrorBody? Err = null);
