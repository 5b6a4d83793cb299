namespace PicChat.Abstractions.Friends;

/// <summary>One entry of a friend list.</summary>
[GenerateSerializer, Immutable, Alias("picchat.FriendEntry")]
public sealed record FriendEntry(
    [property: Id(0)] long FriendId,
    [property: Id(1)] string NickName,
    [property: Id(2)] DateTimeOffset AddedAt);
