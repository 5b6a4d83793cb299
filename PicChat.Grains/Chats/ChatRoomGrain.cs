using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Streams;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;

namespace PicChat.Grains.Chats;

/// <summary>
/// Reentrant so that many senders' visibility checks run at once, while every write goes through one loop:
/// creates that arrive together are committed together (one statement, one commit), then acknowledged. Numbering
/// in that single loop is what keeps a picture's sequence gap-free. Publishing runs beside it, in order, one
/// stream message for everything committed since the last one, so the next commit never waits for it.
/// </summary>
[Reentrant]
public sealed partial class ChatRoomGrain(IChatLog log, ILogger<ChatRoomGrain> logger) : Grain, IChatRoomGrain
{
    private const int MaxBatch = 256;
    private const int MaxEventsPerRead = 1000;
    private const int MaxConflictRetries = 3;

    /// <summary>Newest chats kept in memory: the largest page (1000) fits, so the newest page of any size does.</summary>
    private const int RecentCapacity = 1000;

    private readonly RecentChats _recent = new(RecentCapacity);

    private readonly Queue<PendingCreate> _creates = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _writing;
    private bool _pictureDeleted;
    private long _lastSeq;
    private long? _ownerId;
    private IAsyncStream<ChatEvent> _stream = null!;
    private readonly List<ChatEvent> _unpublished = [];
    private Task _publishing = Task.CompletedTask;

    private long PicId => this.GetPrimaryKeyLong();

    private IPictureGrain Picture => GrainFactory.GetGrain<IPictureGrain>(PicId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeq = await log.GetLastSeqAsync(PicId);
        _stream = this.GetStreamProvider(ChatStreams.Provider).GetStream<ChatEvent>(ChatStreams.Namespace, PicId);
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

        var pending = new PendingCreate(chat, new TaskCompletionSource<CreateChatResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        _creates.Enqueue(pending);
        if (!_writing)
        {
            _writing = true;
            _ = WriteCreatesAsync();
        }

        return await pending.Completion.Task;
    }

    public async Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId)
    {
        var chat = await log.GetAsync(chatId);
        var ownerId = await GetOwnerIdAsync();
        if (chat is null || chat.PicId != PicId || ownerId is null || !chat.IsVisibleTo(requesterId, ownerId.Value))
        {
            return DeleteChatResult.NotFound;
        }

        if (requesterId != chat.FromUserId && requesterId != ownerId)
        {
            return DeleteChatResult.NotAllowed;
        }

        // A concurrent delete of the same chat may have won; only one of them deletes it.
        return await MarkDeletedAsync([chat]) > 0 ? DeleteChatResult.Deleted : DeleteChatResult.NotFound;
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

        // The owner sees every chat on the picture; anyone else only the ones they sent or received.
        long? only = viewerId == picture.OwnerId ? null : viewerId;
        if (afterSeq is not null)
        {
            var newer = await ReadRowsAsync(only, beforeSeq, afterSeq, limit);
            var older = newer.Count > 0 && (await ReadRowsAsync(only, newer[0].Seq, null, 1)).Count > 0;
            return new ChatPageResult(ChatPageStatus.Found, new ChatPage(newer, older ? newer[0].ChatId : null));
        }

        // One row more than asked says whether an older page exists, without counting.
        var rows = await ReadRowsAsync(only, beforeSeq, null, limit + 1);
        var page = rows.Take(limit).Reverse().ToArray();
        return new ChatPageResult(ChatPageStatus.Found, new ChatPage(page, rows.Count > limit ? page[0].ChatId : null));
    }

    public async Task<ChatEventRange> ReadEventsAsync(long afterSeq, long toSeq)
    {
        var last = Math.Min(Math.Min(toSeq, _lastSeq), afterSeq + MaxEventsPerRead);
        return last <= afterSeq
            ? new ChatEventRange([], afterSeq)
            : new ChatEventRange(await log.ReadEventsAsync(PicId, afterSeq, last), last);
    }

    public Task<long> GetLastSeqAsync() => Task.FromResult(_lastSeq);

    public async Task<long?> GetSeqAsync(long chatId) => _recent.FindSeq(chatId) ?? await log.GetSeqAsync(PicId, chatId);

    /// <summary>A page of rows as the log would answer it: from the newest chats in memory when they cover it.</summary>
    private async Task<IReadOnlyList<ChatMessage>> ReadRowsAsync(long? viewerId, long? beforeSeq, long? afterSeq, int limit)
    {
        // Loaded with no write in between, so nothing committed meanwhile can be missing from it; not while a batch
        // of unknown outcome might still land unseen (the next batch settles that first).
        if (!_recent.IsLoaded && !_pictureDeleted && !_lastSeqUncertain)
        {
            await _writeLock.WaitAsync();
            try
            {
                if (!_recent.IsLoaded && !_pictureDeleted && !_lastSeqUncertain)
                {
                    _recent.Load(await log.ReadPageAsync(PicId, null, null, null, RecentCapacity));
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        return _recent.TryReadPage(viewerId, beforeSeq, afterSeq, limit) ?? await log.ReadPageAsync(PicId, viewerId, beforeSeq, afterSeq, limit);
    }

    public Task<long?> GetDeletionSeqAsync(long chatId) => log.GetDeletionSeqAsync(PicId, chatId);

    public async Task DeleteAllAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            _pictureDeleted = true;
            _recent.Forget();
            await log.DeletePictureAsync(PicId);
            _lastSeq++;
            Publish([new ChatEvent(_lastSeq, ChatEventKind.PictureDeleted, null)]);
            await _publishing; // before deactivating, which would drop what is still queued
        }
        finally
        {
            _writeLock.Release();
        }

        DeactivateOnIdle();
    }

    public async Task DeleteChatsOfUserAsync(long userId)
    {
        var chats = await log.ReadChatsOfUserAsync(PicId, userId);
        if (chats.Count > 0)
        {
            await MarkDeletedAsync(chats);
        }
    }

    /// <summary>Deletes the chats still live, publishing one deletion each; returns how many it deleted.</summary>
    private async Task<int> MarkDeletedAsync(IReadOnlyList<ChatMessage> chats)
    {
        await _writeLock.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var deletions = chats.Select((c, i) => (c.ChatId, _lastSeq + 1 + i)).ToArray();
                try
                {
                    var deleted = await log.MarkDeletedAsync(PicId, deletions);
                    _lastSeq += deletions.Length;
                    _recent.Remove(deleted);
                    Publish(chats.Select((c, i) => new ChatEvent(deletions[i].Item2, ChatEventKind.Deleted, c))
                        .Where(e => deleted.Contains(e.Chat!.ChatId)).ToArray());
                    return deleted.Count;
                }
                catch (ChatLogConflictException) when (attempt < MaxConflictRetries)
                {
                    _recent.Forget(); // someone else wrote to this picture
                    _lastSeq = await log.GetLastSeqAsync(PicId);
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Queues committed events for the stream, in seq order. Publishing follows the commit and never undoes it:
    /// the stream may lose events anyway, and consumers fill any gap from the log by seq.
    /// </summary>
    private void Publish(IReadOnlyList<ChatEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        _unpublished.AddRange(events);
        if (_publishing.IsCompleted)
        {
            _publishing = PublishQueuedAsync();
        }
    }

    private async Task PublishQueuedAsync()
    {
        while (_unpublished.Count > 0)
        {
            var batch = _unpublished.ToArray();
            _unpublished.Clear();
            try
            {
                await _stream.OnNextBatchAsync(batch);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Publishing chat events of picture {PicId} failed; subscribers will read them from the log", PicId);
            }
        }
    }

    private async Task<long?> GetOwnerIdAsync() => _ownerId ??= await Picture.GetOwnerIdAsync();
}
