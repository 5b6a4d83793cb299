namespace PicChat.Api.Friends;

/// <summary>The contract's rules for the friends section's fields.</summary>
public static class FriendRules
{
    public const int MaxNickNameLength = 64;

    public static bool IsNickName(string nickName) =>
        nickName.Length <= MaxNickNameLength && !nickName.Any(char.IsControl);
}
