using System.ComponentModel;
using PicChat.Api.Http;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Users;

// Parameters: what each endpoint reads (see ApiParameters), with the examples the OpenAPI document shows.

public sealed record RegisterRequest(
    [Description($"Trimmed and lower-cased; at most {UserRef.MaxEmailLengthText} characters.")][Example("121927532@qq.com")] string Email,
    [Description($"{UserRules.MinPasswordLengthText} to {UserRules.MaxPasswordLengthText} characters.")][Example("123456")] string Password) : ApiParameters<RegisterRequest>;

public sealed record LoginRequest(
    [Example("121927532@qq.com")] string Email,
    [Example("123456")] string Password) : ApiParameters<LoginRequest>;

public sealed record PasswordUpdateRequest(
    [Description("The signed-in user.")][Example(3)] UserRef UserId,
    [Example("123456")] string OldPassword,
    [Description($"{UserRules.MinPasswordLengthText} to {UserRules.MaxPasswordLengthText} characters.")][Example("better-secret")] string NewPassword) : ApiParameters<PasswordUpdateRequest>;

public sealed record InfoUpdateRequest(
    [Description("The signed-in user.")][Example(3)] UserRef UserId,
    [Description($"An absolute http(s) URL of at most {UrlRules.MaxLengthText} characters; absent: unchanged, empty: cleared.")][Example("https://img.example.com/me.png")] string? Avatar = null,
    [Description($"An optional '+' and {UserRules.MinMobileDigitsText} to {UserRules.MaxMobileDigitsText} digits; absent: unchanged, empty: cleared.")][Example("+8615902094760")] string? Mobile = null)
    : ApiParameters<InfoUpdateRequest>;

public sealed record UserDestroyRequest(
    [Description("The signed-in user.")][Example(3)] UserRef UserId) : ApiParameters<UserDestroyRequest>;

public sealed record UserInfoReadRequest(
    [Description("The user to read: any existing user, not necessarily the signed-in one.")][Example("121927532@qq.com")] UserRef UserId)
    : ApiParameters<UserInfoReadRequest>;

// Answers.

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
