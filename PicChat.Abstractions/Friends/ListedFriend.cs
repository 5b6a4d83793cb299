using PicChat.Abstractions.Users;

namespace PicChat.Abstractions.Friends;

/// <summary>An entry of a friend list and the friend's profile, its mobile number only where the friend shares it with the list's owner.</summary>
[GenerateSerializer, Immutable, Alias("picchat.ListedFriend")]
public sealed record ListedFriend(
    [property: Id(0)] FriendEntry Entry,
    [property: Id(1)] UserProfile Profile);
