using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>
/// The durable chat log: a table that each picture's <see cref="IChatRoomGrain"/> writes through. Writing a
/// chat costs one row whatever the history, and every page or replay is an index range scan.
/// </summary>
public interface IChatLog
{
    /// <summary>The highest event seq used on the picture (0 when it has none).</summary>
    Task<long> GetLastSeqAsync(long picId);

    /// <summary>
    /// Stores the chats in one transaction, at seqs <paramref name="firstSeq"/>, +1, ... in order, and returns
    /// them with their new chatIds. Throws <see cref="ChatLogConflictException"/> when a seq or a sender's
    /// clientMsgId is already taken (another writer got there first); nothing is stored then.
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> AppendAsync(long picId, long firstSeq, IReadOnlyList<NewChat> chats, DateTimeOffset createdAt);

    /// <summary>Chats already stored under these (sender, clientMsgId) pairs.</summary>
    Task<IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)>> FindByClientMsgIdsAsync(
        IReadOnlyCollection<(long FromUserId, string ClientMsgId)> keys);

    /// <summary>A live (not deleted) chat by id, on any picture.</summary>
    Task<ChatMessage?> GetAsync(long chatId);

    /// <summary>The seq at which a chat of this picture was created, deleted or not; null if it is not this picture's.</summary>
    Task<long?> GetSeqAsync(long picId, long chatId);

    /// <summary>The seq at which a chat of this picture was deleted; null if it is not this picture's or not deleted.</summary>
    Task<long?> GetDeletionSeqAsync(long picId, long chatId);

    /// <summary>
    /// Marks chats deleted, each at its own seq, wiping their content; returns the ids it deleted (a chat
    /// already deleted is skipped, and its seq stays unused).
    /// </summary>
    Task<IReadOnlySet<long>> MarkDeletedAsync(long picId, IReadOnlyList<(long ChatId, long DeletedSeq)> deletions);

    /// <summary>Removes every row of the picture (the picture is gone).</summary>
    Task DeletePictureAsync(long picId);

    /// <summary>The picture's events with seq in (<paramref name="afterSeq"/>, <paramref name="toSeq"/>], in order.</summary>
    Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(long picId, long afterSeq, long toSeq);

    /// <summary>
    /// Up to <paramref name="limit"/> live chats of the picture that <paramref name="viewerId"/> may see (all when
    /// null), with seq below <paramref name="beforeSeq"/> (newest first) or above <paramref name="afterSeq"/>
    /// (oldest first).
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long picId, long? viewerId, long? beforeSeq, long? afterSeq, int limit);

    /// <summary>Pictures holding live chats that the user sent or received.</summary>
    Task<IReadOnlyList<long>> FindPicturesWithChatsOfAsync(long userId);

    /// <summary>Live chats of the picture that the user sent or received, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadChatsOfUserAsync(long picId, long userId);
}
