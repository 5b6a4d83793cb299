using PicChat.Api.Docs;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Api.Users;
using PicChat.Abstractions.Friends;

namespace PicChat.Api.Friends;

/// <summary>The contract's friends section: a personal, one-directional contact list with private nicknames.</summary>
public static class FriendsApi
{
    public static RouteGroupBuilder MapFriendsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/friends").WithTags("Friends").RequireAuthorization();

        group.MapPost("/create-friend", CreateAsync)
            .Documented("Add a user to the friend list", new FriendCreateRequest("3", "4", "Lin"), 400, 403, 404, 409);
        group.MapDelete("/delete-friend", DeleteAsync)
            .Documented("Remove a user from the friend list", new FriendRequest("3", "4"), 400, 403, 404);
        group.MapPost("/update-friend-nick-name", RenameAsync)
            .Documented("Change a friend's nickname", new FriendRenameRequest("3", "4", "Lin Lin"), 400, 403, 404);
        group.MapGet("/read-friend-info", ReadInfoAsync)
            .Documented("Read one friend", new FriendRequest("3", "4"), 400, 403, 404);
        group.MapGet("/read-friend-list", ReadListAsync)
            .Documented("Read the friend list, in the order added", new UserIdRequest("3"), 400, 403);
        return group;
    }

    private static async Task<Ok<OkResponse>> CreateAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var (userId, friendId) = await ResolvePairAsync(request, principal, users);
        var nickName = NickName(request, required: false);
        var result = await users.Friends(userId).AddAsync(friendId, nickName);
        return result switch
        {
            AddFriendResult.Added => TypedResults.Ok(new OkResponse()),
            AddFriendResult.AlreadyFriend => throw new ApiException(ApiError.FriendExists()),
            _ => throw new ApiException(ApiError.FriendLimitReached()),
        };
    }

    private static async Task<Ok<OkResponse>> DeleteAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var (userId, friendId) = await ResolvePairAsync(request, principal, users);
        return await users.Friends(userId).RemoveAsync(friendId)
            ? TypedResults.Ok(new OkResponse())
            : throw new ApiException(ApiError.FriendNotFound());
    }

    private static async Task<Ok<OkResponse>> RenameAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var (userId, friendId) = await ResolvePairAsync(request, principal, users);
        var nickName = NickName(request, required: true);
        return await users.Friends(userId).RenameAsync(friendId, nickName)
            ? TypedResults.Ok(new OkResponse())
            : throw new ApiException(ApiError.FriendNotFound());
    }

    private static async Task<Ok<FriendResponse>> ReadInfoAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var (userId, friendId) = await ResolvePairAsync(request, principal, users);
        var entry = await users.Friends(userId).GetAsync(friendId) ?? throw new ApiException(ApiError.FriendNotFound());
        var views = await FriendViews.BuildAsync(users, userId, [entry]);
        return TypedResults.Ok(new FriendResponse(views.Count == 1 ? views[0] : throw new ApiException(ApiError.UserNotFound())));
    }

    private static async Task<Ok<FriendListResponse>> ReadListAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var entries = await users.Friends(userId).GetAllAsync();
        return TypedResults.Ok(new FriendListResponse(await FriendViews.BuildAsync(users, userId, entries)));
    }

    /// <summary>The acting user (must be the session's) and the friend, which must be an existing other user.</summary>
    private static async Task<(long UserId, long FriendId)> ResolvePairAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var friendRef = request.RequiredUser("friendId");
        var friendId = await users.FindAsync(friendRef) ?? throw new ApiException(ApiError.UserNotFound());
        return friendId != userId
            ? (userId, friendId)
            : throw new ApiException(ApiError.InvalidRequest("'friendId' must be another user than 'userId'."));
    }

    private static string NickName(ApiRequest request, bool required)
    {
        var nickName = required ? request.RequiredString("nickName") : request.OptionalString("nickName") ?? "";
        return FriendRules.IsNickName(nickName)
            ? nickName
            : throw new ApiException(ApiError.InvalidRequest($"'nickName' must be at most {FriendRules.MaxNickNameLength} characters, without control characters."));
    }
}
