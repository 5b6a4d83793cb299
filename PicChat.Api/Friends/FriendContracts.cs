using PicChat.Api.Http;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Friends;

/// <summary>The contract's <c>friend</c> object: the friend's <c>user</c> object plus the reader's nickname and when it was added.</summary>
public sealed record FriendView(
    long UserId, string Email, string? Avatar, string? Mobile, DateTime CreatedAt, string NickName, DateTime AddedAt)
{
    public static FriendView From(UserProfile profile, FriendEntry entry, bool showMobile) => new(
        profile.UserId, profile.Email, profile.Avatar, showMobile ? profile.Mobile : null,
        profile.CreatedAt.UtcDateTime, entry.NickName, entry.AddedAt.UtcDateTime);
}

public sealed record FriendResponse(FriendView Friend, ErrorBody? Err = null);

public sealed record FriendListResponse(IReadOnlyList<FriendView> Friends, ErrorBody? Err = null);
