using PicChat.Api.Http;
using PicChat.Grains.Users;

namespace PicChat.Api.Users;

/// <summary>The contract's <c>user</c> object.</summary>
public sealed record UserView(long UserId, string Email, string? Avatar, string? Mobile, DateTime CreatedAt)
{
    public static UserView From(UserProfile profile) =>
        new(profile.UserId, profile.Email, profile.Avatar, profile.Mobile, profile.CreatedAt.UtcDateTime);
}

public sealed record OkResponse(ErrorBody? Err = null);

public sealed record SessionResponse(long UserId, string Token, ErrorBody? Err = null);

public sealed record TokenResponse(string Token, ErrorBody? Err = null);

public sealed record UserResponse(UserView User, ErrorBody? Err = null);
