using PicChat.Abstractions;

namespace PicChat.Grains.Friends;

/// <summary>Limits of friend lists, bound from the <c>PicChat:Friends</c> configuration section.</summary>
public sealed class FriendListOptions
{
    public const string Section = "PicChat:Friends";

    /// <summary>The contract's limit by default; the whole list is one grain state, so this also bounds each write.</summary>
    public int MaxFriends { get; set; } = Limits.MaxFriends;
}
