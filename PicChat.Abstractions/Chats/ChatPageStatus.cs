namespace PicChat.Abstractions.Chats;

/// <summary>Whether a page of chats could be read.</summary>
public enum ChatPageStatus
{
    Found,
    /// <summary>No such picture, or one the viewer cannot see.</summary>
    PictureNotFound,
    /// <summary>A cursor is not a chat of this picture (only said to viewers who can see the picture).</summary>
    CursorNotFound,
}
