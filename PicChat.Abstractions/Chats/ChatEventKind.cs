namespace PicChat.Abstractions.Chats;

/// <summary>What happened at one seq of a picture's chat history.</summary>
public enum ChatEventKind
{
    Created,
    Deleted,
    /// <summary>The picture itself was deleted, with every chat on it: subscribers are told and let go.</summary>
    PictureDeleted,
}
