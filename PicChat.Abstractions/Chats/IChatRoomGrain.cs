namespace PicChat.Abstractions.Chats;

/// <summary>
/// The chats of one picture, keyed by its picId: the only writer of the picture's part of the chat log, so it
/// numbers the picture's events without gaps, and the publisher of those events on the picture's stream.
/// A chat is acknowledged only once it is committed in the log.
/// </summary>
public interface IChatRoomGrain : IGrainWithIntegerKey
{
    Task<CreateChatResult> CreateAsync(NewChat chat);

    /// <summary>Deletes a chat: its sender or the picture's owner may; others who can see it get NotAllowed.</summary>
    Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId);

    /// <summary><see cref="DeleteAsync"/> of a chat the caller has just read from the log, so it is not read again.</summary>
    Task<DeleteChatResult> DeleteReadChatAsync(ChatMessage chat, long requesterId);

    /// <summary>
    /// A page of the chats <paramref name="viewerId"/> may see, oldest first within the page, around chats of this
    /// picture used as cursors. A viewer who cannot see the picture learns nothing about the cursors.
    /// </summary>
    Task<ChatPageResult> ReadPageAsync(long viewerId, long? beforeChatId, long? afterChatId, int limit);

    /// <summary>
    /// The picture's events after <paramref name="afterSeq"/> up to at most <paramref name="toSeq"/> (never past
    /// what is committed), for consumers filling a gap or catching up. They filter by viewer themselves.
    /// </summary>
    Task<ChatEventRange> ReadEventsAsync(long afterSeq, long toSeq);

    /// <summary>The seq of the last committed event.</summary>
    Task<long> GetLastSeqAsync();

    /// <summary>Where a chat of this picture sits in its sequence, or null if it is not one of this picture's chats.</summary>
    Task<long?> GetSeqAsync(long chatId);

    /// <summary>Where a chat's deletion sits in the picture's sequence, or null if it is not a deleted chat of this picture.</summary>
    Task<long?> GetDeletionSeqAsync(long chatId);

    /// <summary>The picture is deleted: every chat goes, and subscribers are told.</summary>
    Task DeleteAllAsync();

    /// <summary>Deletes the chats the user sent or received on this picture (the user is being destroyed).</summary>
    Task DeleteChatsOfUserAsync(long userId);
}
