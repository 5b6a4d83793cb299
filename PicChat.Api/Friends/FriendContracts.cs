using System.ComponentModel;
using PicChat.Api.Http;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Friends;

// Parameters: what each endpoint reads (see ApiParameters), with the examples the OpenAPI document shows.

public sealed record FriendCreateRequest(
    [Description("The signed-in user, whose list it is.")][Example(3)] UserRef UserId,
    [Description("An existing user other than userId.")][Example(4)] UserRef FriendId,
    [Description("At most 64 characters, no control characters; default empty.")][Example("Lin")] string? NickName = null)
    : ApiParameters<FriendCreateRequest>;

public sealed record FriendRequest(
    [Description("The signed-in user, whose list it is.")][Example(3)] UserRef UserId,
    [Description("A user on that list.")][Example(4)] UserRef FriendId) : ApiParameters<FriendRequest>;

public sealed record FriendRenameRequest(
    [Description("The signed-in user, whose list it is.")][Example(3)] UserRef UserId,
    [Description("A user on that list.")][Example(4)] UserRef FriendId,
    [Description("At most 64 characters, no control characters.")][Example("Lin Lin")] string NickName) : ApiParameters<FriendRenameRequest>;

public sealed record FriendListRequest(
    [Description("The signed-in user, whose list it is.")][Example(3)] UserRef UserId) : ApiParameters<FriendListRequest>;

// Answers.

/// <summary>The contract's <c>friend</c> object: the friend's <c>user</c> object plus the reader's nickname and when it was added.</summary>
public sealed record FriendView(
    long UserId, string Email, string? Avatar, string? Mobile, DateTime CreatedAt, string NickName, DateTime AddedAt)
{
    /// <summary>The friend as the list's grain answers it: the mobile number already left out where the friend does not share it.</summary>
    public static FriendView From(ListedFriend friend) => new(
        friend.Profile.UserId, friend.Profile.Email, friend.Profile.Avatar, friend.Profile.Mobile,
        friend.Profile.CreatedAt.UtcDateTime, friend.Entry.NickName, friend.Entry.AddedAt.UtcDateTime);
}

public sealed record FriendResponse(FriendView Friend, ErrorBody? Err = null);

public sealed record FriendListResponse(IReadOnlyList<FriendView> Friends, ErrorBody? Err = null);
