using PicChat.Abstractions.Friends;

namespace PicChat.Grains.Friends;

/// <summary>What a <see cref="FriendListGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.FriendListState")]
public sealed class FriendListState
{
    /// <summary>
    /// The entries in the order added (bounded by <see cref="FriendListOptions.MaxFriends"/>), as the records callers
    /// get: storage keeps their <c>[Id]</c>s, not their names, so they may move or be renamed (see Hosting/GrainStateSerializer).
    /// </summary>
    [Id(0)] public List<FriendEntry> Friends { get; set; } = [];
}
