namespace PicChat.Abstractions.Chats;

/// <summary>What sending a chat did.</summary>
public enum CreateChatStatus
{
    Created,
    /// <summary>A retry: the sender's clientMsgId was already used; the first chat is returned.</summary>
    Duplicate,
    /// <summary>The picture does not exist or the sender cannot see it.</summary>
    PictureNotFound,
    /// <summary>The receiver cannot see the picture (or does not exist).</summary>
    ReceiverCannotSee,
    /// <summary>Storage refused this chat's data (text PostgreSQL cannot hold); nothing was stored, and retrying it is futile.</summary>
    Rejected,
}
