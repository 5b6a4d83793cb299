namespace PicChat.Abstractions.Friends;

/// <summary>What adding a friend did.</summary>
public enum AddFriendResult
{
    Added,
    AlreadyFriend,
    LimitReached,
}
