using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Chats;
using PicChat.Grains.Chats;

namespace PicChat.Grains.Hosting;

/// <summary>A chat log whose failures arrive as PicChat's storage exceptions (see <see cref="StoreBoundary"/>).</summary>
internal sealed class BoundaryChatLog(IChatLog store, ILogger logger) : IChatLog
{
    public Task<long> GetLastSeqAsync(long picId) => StoreBoundary.ReadAsync(() => store.GetLastSeqAsync(picId), logger);

    public Task<IReadOnlyList<ChatMessage>> AppendAsync(long picId, long firstSeq, IReadOnlyList<NewChat> chats, DateTimeOffset createdAt) =>
        StoreBoundary.WriteAsync(() => store.AppendAsync(picId, firstSeq, chats, createdAt), logger);

    public Task<IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)>> FindByClientMsgIdsAsync(
        IReadOnlyCollection<(long FromUserId, string ClientMsgId)> keys) => StoreBoundary.ReadAsync(() => store.FindByClientMsgIdsAsync(keys), logger);

    public Task<ChatMessage?> GetAsync(long chatId) => StoreBoundary.ReadAsync(() => store.GetAsync(chatId), logger);

    public Task<long?> GetSeqAsync(long picId, long chatId) => StoreBoundary.ReadAsync(() => store.GetSeqAsync(picId, chatId), logger);

    public Task<long?> GetDeletionSeqAsync(long picId, long chatId) => StoreBoundary.ReadAsync(() => store.GetDeletionSeqAsync(picId, chatId), logger);

    public Task<IReadOnlySet<long>> MarkDeletedAsync(long picId, IReadOnlyList<(long ChatId, long DeletedSeq)> deletions) =>
        StoreBoundary.WriteAsync(() => store.MarkDeletedAsync(picId, deletions), logger);

    public Task DeletePictureAsync(long picId) => StoreBoundary.WriteAsync(() => store.DeletePictureAsync(picId), logger);

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(long picId, long afterSeq, long toSeq) =>
        StoreBoundary.ReadAsync(() => store.ReadEventsAsync(picId, afterSeq, toSeq), logger);

    public Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long picId, long? viewerId, long? beforeSeq, long? afterSeq, int limit) =>
        StoreBoundary.ReadAsync(() => store.ReadPageAsync(picId, viewerId, beforeSeq, afterSeq, limit), logger);

    public Task<IReadOnlyList<long>> FindPicturesWithChatsOfAsync(long userId) => StoreBoundary.ReadAsync(() => store.FindPicturesWithChatsOfAsync(userId), logger);

    public Task<IReadOnlyList<ChatMessage>> ReadChatsOfUserAsync(long picId, long userId) =>
        StoreBoundary.ReadAsync(() => store.ReadChatsOfUserAsync(picId, userId), logger);
}
