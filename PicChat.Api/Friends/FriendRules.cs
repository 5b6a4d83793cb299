using PicChat.Api.Http;

namespace PicChat.Api.Friends;

/// <summary>The contract's rules for the friends section's fields: each check answers the error to send, or null.</summary>
public static class FriendRules
{
    public const int MaxNickNameLength = 64;

    public static InvalidRequest? CheckNickName(string nickName) =>
        nickName.Length <= MaxNickNameLength && !nickName.Any(char.IsControl)
            ? null
            : new InvalidRequest($"'nickName' must be at most {MaxNickNameLength} characters, without control characters.");
}
