namespace PicChat.Grains.Friends;

/// <summary>Limits of friend lists, bound from the <c>PicChat:Friends</c> configuration section.</summary>
public sealed class FriendListOptions
{
    public const string Section = "PicChat:Friends";

    /// <summary>The contract's limit; the whole list is one grain state, so this also bounds each write.</summary>
    public const int DefaultMaxFriends = 5000;

    public int MaxFriends { get; set; } = DefaultMaxFriends;
}
