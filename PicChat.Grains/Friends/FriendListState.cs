namespace PicChat.Grains.Friends;

/// <summary>What a <see cref="FriendListGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.FriendListState")]
public sealed class FriendListState
{
    /// <summary>The entries in the order added (bounded by <see cref="FriendListOptions.MaxFriends"/>).</summary>
    [Id(0)] public List<FriendEntry> Friends { get; set; } = [];
}
