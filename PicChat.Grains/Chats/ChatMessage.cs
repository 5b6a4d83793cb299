namespace PicChat.Grains.Chats;

/// <summary>A stored chat: the contract's chat members plus its position in the picture's sequence.</summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] long ChatId,
    [property: Id(1)] long PicId,
    [property: Id(2)] long Seq,
    [property: Id(3)] long FromUserId,
    [property: Id(4)] long ToUserId,
    [property: Id(5)] string MsgType,
    [property: Id(6)] string? Content,
    [property: Id(7)] string? VoiceUrl,
    [property: Id(8)] DateTimeOffset CreatedAt)
{
    /// <summary>The contract's rule: the sender, the receiver and the picture's owner see a chat.</summary>
    public bool IsVisibleTo(long userId, long pictureOwnerId) =>
        userId == FromUserId || userId == ToUserId || userId == pictureOwnerId;
}

/// <summary>What a sender asks to store.</summary>
[GenerateSerializer, Immutable, Alias("picchat.NewChat")]
public sealed record NewChat(
    [property: Id(0)] long FromUserId,
    [property: Id(1)] long ToUserId,
    [property: Id(2)] string MsgType,
    [property: Id(3)] string? Content,
    [property: Id(4)] string? VoiceUrl,
    [property: Id(5)] string? ClientMsgId);

public enum ChatEventKind
{
    Created,
    Deleted,
    /// <summary>The picture itself was deleted, with every chat on it: subscribers are told and let go.</summary>
    PictureDeleted,
}

/// <summary>
/// One step of a picture's chat history, as published on the picture's stream and replayed from the log.
/// <see cref="Seq"/> numbers the picture's events without gaps, so a consumer can tell when it missed one.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] long Seq,
    [property: Id(1)] ChatEventKind Kind,
    [property: Id(2)] ChatMessage? Chat);

/// <summary>
/// The events with seq in (after, <see cref="ThroughSeq"/>]. Some seqs in that range may have no event (a chat
/// created and deleted since); a reader that got this range has seen everything up to ThroughSeq.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatEventRange")]
public sealed record ChatEventRange(
    [property: Id(0)] IReadOnlyList<ChatEvent> Events,
    [property: Id(1)] long ThroughSeq);

/// <summary>A page of chats, oldest first, and the cursor of the next older page (null when there is none).</summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatPage")]
public sealed record ChatPage(
    [property: Id(0)] IReadOnlyList<ChatMessage> Chats,
    [property: Id(1)] long? NextBefore);

public enum ChatPageStatus
{
    Found,
    /// <summary>No such picture, or one the viewer cannot see.</summary>
    PictureNotFound,
    /// <summary>A cursor is not a chat of this picture (only said to viewers who can see the picture).</summary>
    CursorNotFound,
}

[GenerateSerializer, Immutable, Alias("picchat.ChatPageResult")]
public sealed record ChatPageResult(
    [property: Id(0)] ChatPageStatus Status,
    [property: Id(1)] ChatPage? Page);

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

[GenerateSerializer, Immutable, Alias("picchat.CreateChatResult")]
public sealed record CreateChatResult(
    [property: Id(0)] CreateChatStatus Status,
    [property: Id(1)] ChatMessage? Chat);

public enum DeleteChatResult
{
    Deleted,
    NotFound,
    NotAllowed,
}

/// <summary>The names of the chat streams: one stream per picture, keyed by its picId.</summary>
public static class ChatStreams
{
    public const string Provider = "chats";
    public const string Namespace = "picture-chats";

    public static StreamId For(long picId) => StreamId.Create(Namespace, picId);
}
