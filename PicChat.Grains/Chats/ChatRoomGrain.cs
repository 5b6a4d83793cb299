using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Streams;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Chats;

/// <summary>
/// One picture's chats. Reentrant so that many senders' visibility checks run at once; what they then write goes
/// through the room's one <see cref="ChatLogWriter"/> (which batches creates and numbers the picture's events), and
/// what it commits goes out on the picture's stream through a <see cref="ChatEventPublisher"/>.
/// </summary>
[Reentrant]
public sealed class ChatRoomGrain(IChatLog log, TimeProvider time, ILogger<ChatRoomGrain> logger) : Grain, IChatRoomGrain
{
    private const int MaxEventsPerRead = 1000;

    private ChatLogWriter _writer = null!;
    private long? _ownerId;

    private long PicId => this.GetPrimaryKeyLong();

    private IPictureGrain Picture => GrainFactory.Grain<IPictureGrain>(PicId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(ChatStreams.Provider).GetStream<ChatEvent>(ChatStreams.Namespace, PicId);
        _writer = new ChatLogWriter(PicId, log, new ChatEventPublisher(PicId, stream, logger), time, logger);
        await _writer.StartAsync();
    }

    public async Task<CreateChatResult> CreateAsync(NewChat chat)
    {
        switch (await Picture.GetChatAudienceAsync(chat.FromUserId, chat.ToUserId))
        {
            case ChatAudience.SenderCannotSee:
                return new CreateChatResult(CreateChatStatus.PictureNotFound, null);
            case ChatAudience.ReceiverCannotSee:
                return new CreateChatResult(CreateChatStatus.ReceiverCannotSee, null);
        }

        return await _writer.CreateAsync(chat);
    }

    public async Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId) =>
        await log.GetAsync(chatId) is { } chat ? await DeleteReadChatAsync(chat, requesterId) : DeleteChatResult.NotFound;

    public async Task<DeleteChatResult> DeleteReadChatAsync(ChatMessage chat, long requesterId)
    {
        if (chat.PicId != PicId || await GetOwnerIdAsync() is not { } ownerId || !Visibility.SeesChat(requesterId, chat, ownerId))
        {
            return DeleteChatResult.NotFound;
        }

        if (!Visibility.MayDeleteChat(requesterId, chat, ownerId))
        {
            return DeleteChatResult.NotAllowed;
        }

        // A concurrent delete of the same chat may have won; only one of them deletes it.
        return await _writer.MarkDeletedAsync([chat]) > 0 ? DeleteChatResult.Deleted : DeleteChatResult.NotFound;
    }

    public async Task<ChatPageResult> ReadPageAsync(long viewerId, long? beforeChatId, long? afterChatId, int limit)
    {
        // Visibility comes before the cursors: a stranger must not learn from a cursor's answer which chat ids
        // belong to a picture they cannot see.
        if (await Picture.GetAsync(viewerId) is not { } picture)
        {
            return new ChatPageResult(ChatPageStatus.PictureNotFound, null);
        }

        long? beforeSeq = null, afterSeq = null;
        if ((beforeChatId is { } before && (beforeSeq = await GetSeqAsync(before)) is null)
            || (afterChatId is { } after && (afterSeq = await GetSeqAsync(after)) is null))
        {
            return new ChatPageResult(ChatPageStatus.CursorNotFound, null);
        }

        var only = Visibility.ChatsInvolving(viewerId, picture.OwnerId);
        if (afterSeq is not null)
        {
            var newer = await _writer.ReadPageAsync(only, beforeSeq, afterSeq, limit);
            var older = newer.Count > 0 && (await _writer.ReadPageAsync(only, newer[0].Seq, null, 1)).Count > 0;
            return new ChatPageResult(ChatPageStatus.Found, new ChatPage(newer, older ? newer[0].ChatId : null));
        }

        // One row more than asked says whether an older page exists, without counting.
        var rows = await _writer.ReadPageAsync(only, beforeSeq, null, limit + 1);
        var page = rows.Take(limit).Reverse().ToArray();
        return new ChatPageResult(ChatPageStatus.Found, new ChatPage(page, rows.Count > limit ? page[0].ChatId : null));
    }

    public async Task<ChatEventRange> ReadEventsAsync(long afterSeq, long toSeq)
    {
        var last = Math.Min(Math.Min(toSeq, _writer.LastSeq), afterSeq + MaxEventsPerRead);
        return last <= afterSeq
            ? new ChatEventRange([], afterSeq)
            : new ChatEventRange(await log.ReadEventsAsync(PicId, afterSeq, last), last);
    }

    public Task<long> GetLastSeqAsync() => Task.FromResult(_writer.LastSeq);

    public async Task<long?> GetSeqAsync(long chatId) => _writer.FindRecentSeq(chatId) ?? await log.GetSeqAsync(PicId, chatId);

    public Task<long?> GetDeletionSeqAsync(long chatId) => log.GetDeletionSeqAsync(PicId, chatId);

    public async Task DeleteAllAsync()
    {
        await _writer.DeleteAllAsync();
        DeactivateOnIdle();
    }

    public async Task DeleteChatsOfUserAsync(long userId)
    {
        var chats = await log.ReadChatsOfUserAsync(PicId, userId);
        if (chats.Count > 0)
        {
            await _writer.MarkDeletedAsync(chats);
        }
    }

    private async Task<long?> GetOwnerIdAsync() => _ownerId ??= await Picture.GetOwnerIdAsync();
}
