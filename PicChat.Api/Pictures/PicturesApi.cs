using PicChat.Api.Docs;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Api.Users;
using PicChat.Abstractions.Pictures;

namespace PicChat.Api.Pictures;

/// <summary>
/// The contract's pictures section. A picture is visible to its owner and to the people the owner has added
/// as friends; to anyone else it does not exist (404, never 403, so strangers learn nothing).
/// </summary>
public static class PicturesApi
{
    public static RouteGroupBuilder MapPicturesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pics").WithTags("Pictures").RequireAuthorization();

        group.MapPost("/create-picture", CreateAsync)
            .Documented("Share a picture", new PictureCreateRequest("3", "xxx/xxx/xxx"), 400, 403);
        group.MapDelete("/delete-picture", DeleteAsync)
            .Documented("Delete a picture and its chats (owner only)", new PictureRequest("3", 20), 400, 403, 404);
        group.MapGet("/read-picture", ReadAsync)
            .Documented("Read a picture visible to the caller", new PictureRequest("3", 20), 400, 403, 404);
        group.MapGet("/read-pictures-by-user", ReadByUserAsync)
            .Documented("List an owner's pictures, newest first", new PicturesByUserRequest("3", "4", 100, null), 400, 403, 404);
        return group;
    }

    private static async Task<Ok<PictureCreatedResponse>> CreateAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users, IClusterClient cluster)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var picUrl = request.RequiredString("picUrl").Trim();
        if (!PictureRules.IsPicUrl(picUrl))
        {
            throw new ApiException(ApiError.InvalidUrl(
                "'picUrl' must be an absolute http(s) URL or a relative path, at most 2048 characters."));
        }

        var picture = await cluster.GetGrain<IUserPicturesGrain>(userId).CreateAsync(picUrl);
        return TypedResults.Ok(new PictureCreatedResponse(true, picture.PicUrl, picture.PicId, picture.CreatedAt.UtcDateTime));
    }

    private static async Task<Ok<AckResponse>> DeleteAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users, IClusterClient cluster)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var picId = request.RequiredId("picId");
        return await cluster.GetGrain<IPictureGrain>(picId).DeleteAsync(userId) switch
        {
            DeletePictureResult.Deleted => TypedResults.Ok(new AckResponse()),
            DeletePictureResult.NotOwner => throw new ApiException(ApiError.Forbidden("Only the picture's owner may delete it.")),
            _ => throw new ApiException(ApiError.PictureNotFound()),
        };
    }

    private static async Task<Ok<PictureResponse>> ReadAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users, IClusterClient cluster)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var picId = request.RequiredId("picId");
        var picture = await cluster.GetGrain<IPictureGrain>(picId).GetAsync(userId) ?? throw new ApiException(ApiError.PictureNotFound());
        return TypedResults.Ok(PictureResponse.From(picture));
    }

    private static async Task<Ok<PicturePageResponse>> ReadByUserAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users, IClusterClient cluster)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var ownerId = request.OptionalUser("ownerId") is { } owner
            ? await users.FindAsync(owner) ?? throw new ApiException(ApiError.UserNotFound())
            : userId;
        var limit = request.OptionalInt("limit", 1, PictureRules.MaxPageSize, PictureRules.DefaultPageSize);
        var before = request.OptionalId("before");

        var page = await cluster.GetGrain<IUserPicturesGrain>(ownerId).ReadPageAsync(userId, before, limit);
        var pictures = page.Pictures.Select(p => new PictureSummary(p.PicId, p.PicUrl, p.CreatedAt.UtcDateTime)).ToArray();
        return TypedResults.Ok(new PicturePageResponse(true, pictures, page.NextBefore));
    }
}
