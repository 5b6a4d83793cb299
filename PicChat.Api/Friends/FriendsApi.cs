using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Docs;
using PicChat.Api.Http;
using PicChat.Api.Users;
using PicChat.Abstractions;
using PicChat.Abstractions.Friends;
using PairRefusal = Microsoft.AspNetCore.Http.HttpResults.Results<PicChat.Api.Http.Forbidden, PicChat.Api.Http.UserNotFound, PicChat.Api.Http.InvalidRequest>;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Friends;

/// <summary>The contract's friends section: a personal, one-directional contact list with private nicknames.</summary>
public static class FriendsApi
{
    public static RouteGroupBuilder MapFriendsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/friends").RequireAuthorization()
            .WithArea("Friends", $"A user's own, one-directional contact list (at most {Limits.MaxFriends} entries) with a private nickname per "
                + "entry; adding someone asks nothing of them. Being on a user's list lets one see that user's pictures and mobile.");

        group.MapPost("/create-friend", CreateAsync)
            .WithName("friendCreate").WithSummary("Add a user to the friend list")
            .WithDescription("Adds an existing user (not oneself) to the signed-in user's friend list, with an optional nickname.");
        group.MapDelete("/delete-friend", DeleteAsync)
            .WithName("friendDelete").WithSummary("Remove a user from the friend list")
            .WithDescription("Removes a user from the signed-in user's friend list; that user's own list is not touched.");
        group.MapPost("/update-friend-nick-name", RenameAsync)
            .WithName("friendNickNameUpdate").WithSummary("Change a friend's nickname")
            .WithDescription("Sets the nickname the signed-in user keeps for a user on their friend list.");
        group.MapGet("/read-friend-info", ReadInfoAsync)
            .WithName("friendInfoRead").WithSummary("Read one friend")
            .WithDescription("Answers with a user on the signed-in user's friend list: the user's profile plus nickname and when it was added.");
        group.MapGet("/read-friend-list", ReadListAsync)
            .WithName("friendListRead").WithSummary("Read the friend list")
            .WithDescription("Answers with the signed-in user's whole friend list, in the order the friends were added.");
        return group;
    }

    private static async Task<Results<Ok<OkResponse>, PairRefusal, InvalidRequest, FriendExists, FriendLimitReached>> CreateAsync(
        FriendCreateRequest request, Session session, IClusterClient cluster)
    {
        var (userId, friendId, refusal) = await ResolvePairAsync(request.UserId, request.FriendId, session, cluster);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FriendRules.CheckNickName(request.NickName ?? "") is { } invalidNickName)
        {
            return invalidNickName;
        }

        return await cluster.Grain<IFriendListGrain>(userId).AddAsync(friendId, request.NickName ?? "") switch
        {
            AddFriendResult.Added => TypedResults.Ok(new OkResponse()),
            AddFriendResult.AlreadyFriend => new FriendExists(),
            _ => new FriendLimitReached(),
        };
    }

    private static async Task<Results<Ok<OkResponse>, PairRefusal, FriendNotFound>> DeleteAsync(FriendRequest request, Session session, IClusterClient cluster)
    {
        var (userId, friendId, refusal) = await ResolvePairAsync(request.UserId, request.FriendId, session, cluster);
        if (refusal is not null)
        {
            return refusal;
        }

        return await cluster.Grain<IFriendListGrain>(userId).RemoveAsync(friendId) ? TypedResults.Ok(new OkResponse()) : new FriendNotFound();
    }

    private static async Task<Results<Ok<OkResponse>, PairRefusal, InvalidRequest, FriendNotFound>> RenameAsync(
        FriendRenameRequest request, Session session, IClusterClient cluster)
    {
        var (userId, friendId, refusal) = await ResolvePairAsync(request.UserId, request.FriendId, session, cluster);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FriendRules.CheckNickName(request.NickName) is { } invalidNickName)
        {
            return invalidNickName;
        }

        return await cluster.Grain<IFriendListGrain>(userId).RenameAsync(friendId, request.NickName) ? TypedResults.Ok(new OkResponse()) : new FriendNotFound();
    }

    private static async Task<Results<Ok<FriendResponse>, PairRefusal, FriendNotFound>> ReadInfoAsync(
        FriendRequest request, Session session, IClusterClient cluster)
    {
        var (userId, friendId, refusal) = await ResolvePairAsync(request.UserId, request.FriendId, session, cluster);
        if (refusal is not null)
        {
            return refusal;
        }

        // Null also when the friend was destroyed since the check above: gone from the list too, by then.
        return await cluster.Grain<IFriendListGrain>(userId).ReadAsync(friendId) is { } friend
            ? TypedResults.Ok(new FriendResponse(FriendView.From(friend)))
            : new FriendNotFound();
    }

    private static async Task<Results<Ok<FriendListResponse>, Forbidden>> ReadListAsync(FriendListRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        var friends = await cluster.Grain<IFriendListGrain>(userId).ReadAllAsync();
        return TypedResults.Ok(new FriendListResponse(friends.Select(FriendView.From).ToArray()));
    }

    /// <summary>The acting user (must be the session's) and the friend, which must be an existing other user; or why not.</summary>
    private static async Task<(long UserId, long FriendId, PairRefusal? Refusal)> ResolvePairAsync(
        UserRef user, UserRef friend, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(user, session) is not { } userId)
        {
            return (0, 0, Forbidden.NotSelf());
        }

        if (await cluster.FindUserIdAsync(friend) is not { } friendId)
        {
            return (0, 0, new UserNotFound());
        }

        return friendId != userId
            ? (userId, friendId, null)
            : (0, 0, new InvalidRequest("'friendId' must be another user than 'userId'."));
    }
}
