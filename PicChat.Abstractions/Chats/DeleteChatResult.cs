namespace PicChat.Abstractions.Chats;

/// <summary>What a request to delete a chat did.</summary>
public enum DeleteChatResult
{
    Deleted,
    NotFound,
    NotAllowed,
}
