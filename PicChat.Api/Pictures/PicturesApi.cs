using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Cluster;
using PicChat.Api.Docs;
using PicChat.Api.Http;
using PicChat.Api.Users;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Pictures;

/// <summary>
/// The contract's pictures section. A picture is visible to its owner and to the people the owner has added
/// as friends; to anyone else it does not exist (404, never 403, so strangers learn nothing).
/// </summary>
public static class PicturesApi
{
    public static RouteGroupBuilder MapPicturesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pics").RequireAuthorization().WithAck()
            .WithArea("Pictures", "Pictures shared by a user, visible to the owner and to the people the owner has added as friends; "
                + "to anyone else a picture does not exist. Every answer carries `ack`.");

        group.MapPost("/create-picture", CreateAsync)
            .WithName("pictureCreate").WithSummary("Share a picture")
            .WithDescription("Stores a picture URL owned by the signed-in user and answers with its new id.");
        group.MapDelete("/delete-picture", DeleteAsync)
            .WithName("pictureDelete").WithSummary("Delete a picture and its chats")
            .WithDescription("Deletes one of the signed-in user's pictures with every chat about it. Only the owner may delete it.");
        group.MapGet("/read-picture", ReadAsync)
            .WithName("pictureRead").WithSummary("Read a picture")
            .WithDescription("Answers with a picture the signed-in user may see: its URL, owner and creation time.");
        group.MapGet("/read-pictures-by-user", ReadByUserAsync)
            .WithName("picturesReadByUser").WithSummary("List an owner's pictures")
            .WithDescription("Lists the pictures of an owner that the signed-in user may see, newest first, a page at a time; "
                + "`nextBefore` is the cursor for the next page, or null when there is none.");
        return group;
    }

    private static async Task<Results<Ok<PictureCreatedResponse>, Forbidden, InvalidUrl>> CreateAsync(
        PictureCreateRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        var picUrl = request.PicUrl.Trim();
        if (PictureRules.CheckPicUrl(picUrl) is { } invalidUrl)
        {
            return invalidUrl;
        }

        var picture = await cluster.Grain<IUserPicturesGrain>(userId).CreateAsync(picUrl);
        return TypedResults.Ok(new PictureCreatedResponse(true, picture.PicUrl, picture.PicId, picture.CreatedAt.UtcDateTime));
    }

    private static async Task<Results<Ok<AckResponse>, Forbidden, PictureNotFound>> DeleteAsync(
        PictureRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        return await cluster.Grain<IPictureGrain>(request.PicId).DeleteAsync(userId) switch
        {
            DeletePictureResult.Deleted => TypedResults.Ok(new AckResponse()),
            DeletePictureResult.NotOwner => new Forbidden("Only the picture's owner may delete it."),
            _ => new PictureNotFound(),
        };
    }

    private static async Task<Results<Ok<PictureResponse>, Forbidden, PictureNotFound>> ReadAsync(
        PictureRequest request, Session session, IClusterClient cluster, ReadCache reads)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        var picture = await reads.PictureAsync(cluster, request.PicId, userId);
        return picture is null ? new PictureNotFound() : TypedResults.Ok(PictureResponse.From(picture));
    }

    private static async Task<Results<Ok<PicturePageResponse>, Forbidden, UserNotFound>> ReadByUserAsync(
        PicturesByUserRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        var ownerId = userId;
        if (request.OwnerId is { } owner)
        {
            if (await cluster.FindUserIdAsync(owner) is not { } found)
            {
                return new UserNotFound();
            }

            ownerId = found;
        }

        var page = await cluster.Grain<IUserPicturesGrain>(ownerId).ReadPageAsync(userId, request.Before, request.Limit);
        var pictures = page.Pictures.Select(p => new PictureSummary(p.PicId, p.PicUrl, p.CreatedAt.UtcDateTime)).ToArray();
        return TypedResults.Ok(new PicturePageResponse(true, pictures, page.NextBefore));
    }
}
