using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using PicChat.Abstractions;
using PicChat.Api.Http;
using PicChat.Abstractions.Pictures;

namespace PicChat.Api.Pictures;

// Parameters: what each endpoint reads (see ApiParameters), with the examples the OpenAPI document shows.

public sealed record PictureCreateRequest(
    [Description("The signed-in user, who will own the picture.")][Example(3)] UserRef UserId,
    [Description($"An absolute http(s) URL or a relative path, at most {UrlRules.MaxLengthText} characters.")][Example("xxx/xxx/xxx")] string PicUrl)
    : ApiParameters<PictureCreateRequest>;

public sealed record PictureRequest(
    [Description("The signed-in user.")][Example(3)] UserRef UserId,
    [Example(20)] long PicId) : ApiParameters<PictureRequest>;

public sealed record PicturesByUserRequest(
    [Description("The signed-in user.")][Example(3)] UserRef UserId,
    [Description("Whose pictures to list; default: userId.")][Example(4)] UserRef? OwnerId = null,
    [Description("Page size.")][Example(Limits.DefaultPageSize)][Range(1, Limits.MaxPageSize)] int Limit = Limits.DefaultPageSize,
    [Description("Continue after this picture (the previous page's nextBefore).")] long? Before = null)
    : ApiParameters<PicturesByUserRequest>;

// Answers.

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
