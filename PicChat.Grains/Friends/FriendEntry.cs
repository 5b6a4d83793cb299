namespace PicChat.Grains.Friends;

/// <summary>
/// One entry of a stored friend list. Grain storage writes each object's full .NET type name into the row
/// (<c>"$type": "PicChat.Grains.Friends.FriendEntry, PicChat.Grains"</c>), so this type keeps the name and
/// assembly it had before the records the grains exchange moved to PicChat.Abstractions: renaming or moving it
/// would leave every stored friend list unreadable. Callers get <see cref="Abstractions.Friends.FriendEntry"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.StoredFriendEntry")]
public sealed record FriendEntry(
    [property: Id(0)] long FriendId,
    [property: Id(1)] string NickName,
    [property: Id(2)] DateTimeOffset AddedAt)
{
    public Abstractions.Friends.FriendEntry ToContract() => new(FriendId, NickName, AddedAt);
}
