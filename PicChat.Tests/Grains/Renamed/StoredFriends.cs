using PicChat.Abstractions.Friends;

namespace PicChat.Tests.Grains.Renamed;

/// <summary><see cref="PicChat.Grains.Friends.FriendListState"/> as it would be after a rename and a move: same ids, other names.</summary>
[GenerateSerializer, Alias("picchat.tests.StoredFriends")]
public sealed class StoredFriends
{
    [Id(0)] public List<FriendEntry> Entries { get; set; } = [];
}
