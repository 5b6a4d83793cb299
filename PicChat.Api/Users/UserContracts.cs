using PicChat.Api.Http;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Users;

/// <summary>The contract's <c>user</c> object.</summary>
public sealed record UserView(long UserId, string Email, string? Avatar, string? Mobile, DateTime CreatedAt)
{
    /// <summary>The profile as one reader sees it: the mobile is private (the user and the people the user added as friends).</summary>
    public static UserView From(UserProfile profile, bool showMobile = true) =>
        new(profile.UserId, profile.Email, profile.Avatar, showMobile ? profile.Mobile : null, profile.CreatedAt.UtcDateTime);
}

public sealed record OkResponse(ErrorBody? Err = null);

public sealed record SessionResponse(long UserId, string Token, ErrorBody? Err = null);

public sealed record TokenResponse(string Token, ErrorBody? Err = null);

public sealed record UserResponse(UserView User, ErrorBody? Err = null);
