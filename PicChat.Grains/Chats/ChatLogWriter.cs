using Microsoft.Extensions.Logging;
using PicChat.Abstractions;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Hosting;

namespace PicChat.Grains.Chats;

/// <summary>
/// The one writer of a picture's chat log, for its <see cref="ChatRoomGrain"/>. Writes go through one at a time,
/// which is what numbers the picture's events gap-free. Creates that arrive while a write is under way wait and are
/// then committed together (one statement, one commit, up to <see cref="MaxBatch"/>), then acknowledged; a batch
/// that fails fails only its own senders. It keeps the newest chats in memory in step with what it commits (so the
/// newest pages need no query) and hands each commit's events to the <see cref="ChatEventPublisher"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: it runs on its grain's scheduler, one turn at a time. Not Orleans' <c>BatchWorker</c>, which
/// starts each cycle as a new task on that scheduler, behind every turn already queued: here a create that finds the
/// writer idle is written within its own turn, and only creates that arrive during a write wait for the next batch.
/// </remarks>
public sealed class ChatLogWriter
{
    public const int MaxBatch = 256;
    private const int MaxConflictRetries = 3;

    /// <summary>Newest chats kept in memory: the largest page fits, so the newest page of any size does.</summary>
    public const int RecentCapacity = Limits.MaxPageSize;

    private readonly long _picId;
    private readonly IChatLog _log;
    private readonly ChatEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RecentChats _recent = new(RecentCapacity);
    private readonly Queue<PendingCreate> _creates = new();

    /// <summary>Held by whatever writes, and by the load of the newest chats (which no write may interleave).</summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

    private bool _writingCreates;
    private long _lastSeq;
    private bool _lastSeqUncertain;
    private bool _pictureDeleted;

    public ChatLogWriter(long picId, IChatLog log, ChatEventPublisher publisher, TimeProvider time, ILogger logger)
    {
        _picId = picId;
        _log = log;
        _publisher = publisher;
        _time = time;
        _logger = logger;
    }

    /// <summary>The last seq committed (as far as this writer knows: a batch of unknown outcome may have taken more).</summary>
    public long LastSeq => _lastSeq;

    /// <summary>Learns where the log ends; called once, before any other member.</summary>
    public async Task StartAsync() => _lastSeq = await _log.GetLastSeqAsync(_picId);

    /// <summary>The seq of a chat among the newest in memory; null when it is not there (the log may still know it).</summary>
    public long? FindRecentSeq(long chatId) => _recent.FindSeq(chatId);

    /// <summary>
    /// Stores a chat whose sender and receiver were checked, in the next batch; answers a retry (a known sender +
    /// clientMsgId) with the chat stored first. Throws when storage failed or may not have stored it.
    /// </summary>
    public Task<CreateChatResult> CreateAsync(NewChat chat)
    {
        var pending = PendingCreate.Of(chat);
        _creates.Enqueue(pending);
        if (!_writingCreates)
        {
            _writingCreates = true;
            _ = WriteQueuedCreatesAsync(); // never faults: every failure goes to the senders it concerns
        }

        return pending.Completion.Task;
    }

    /// <summary>Deletes the chats still live, publishing one deletion each; returns how many it deleted.</summary>
    public async Task<int> MarkDeletedAsync(IReadOnlyList<ChatMessage> chats)
    {
        await _writing.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var deletions = chats.Select((c, i) => (c.ChatId, _lastSeq + 1 + i)).ToArray();
                try
                {
                    var deleted = await _log.MarkDeletedAsync(_picId, deletions);
                    _lastSeq += deletions.Length;
                    _recent.Remove(deleted);
                    _publisher.Publish(chats.Select((c, i) => new ChatEvent(deletions[i].Item2, ChatEventKind.Deleted, c))
                        .Where(e => deleted.Contains(e.Chat!.ChatId)).ToArray());
                    return deleted.Count;
                }
                catch (ChatLogConflictException) when (attempt < MaxConflictRetries)
                {
                    _recent.Forget(); // someone else wrote to this picture
                    _lastSeq = await _log.GetLastSeqAsync(_picId);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Removes the picture's log, publishes the picture's deletion and waits until it is sent; creates still queued are answered PictureNotFound.</summary>
    public async Task DeleteAllAsync()
    {
        await _writing.WaitAsync();
        try
        {
            _pictureDeleted = true;
            _recent.Forget();
            await _log.DeletePictureAsync(_picId);
            _lastSeq++;
            _publisher.Publish([new ChatEvent(_lastSeq, ChatEventKind.PictureDeleted, null)]);
            await _publisher.DrainAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>A page of rows as the log would answer it (see <see cref="IChatLog.ReadPageAsync"/>): from the newest chats in memory when they cover it.</summary>
    public async Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long? viewerId, long? beforeSeq, long? afterSeq, int limit)
    {
        // Loaded with no write in between, so nothing committed meanwhile can be missing from it; not while a batch
        // of unknown outcome might still land unseen (the next batch settles that first).
        if (!_recent.IsLoaded && !_pictureDeleted && !_lastSeqUncertain)
        {
            await _writing.WaitAsync();
            try
            {
                if (!_recent.IsLoaded && !_pictureDeleted && !_lastSeqUncertain)
                {
                    _recent.Load(await _log.ReadPageAsync(_picId, null, null, null, RecentCapacity));
                }
            }
            finally
            {
                _writing.Release();
            }
        }

        return _recent.TryReadPage(viewerId, beforeSeq, afterSeq, limit) ?? await _log.ReadPageAsync(_picId, viewerId, beforeSeq, afterSeq, limit);
    }

    /// <summary>Writes every create queued, in batches, until none is left (those that come meanwhile included).</summary>
    private async Task WriteQueuedCreatesAsync()
    {
        await _writing.WaitAsync();
        try
        {
            while (_creates.Count > 0)
            {
                var members = new List<PendingCreate>(Math.Min(_creates.Count, MaxBatch));
                while (members.Count < MaxBatch && _creates.TryDequeue(out var next))
                {
                    members.Add(next);
                }

                var batch = new CreateBatch(members);
                if (_pictureDeleted)
                {
                    // These passed their visibility check just before the picture went: nothing to store them on.
                    batch.AnswerAll(new CreateChatResult(CreateChatStatus.PictureNotFound, null));
                    continue;
                }

                IReadOnlyList<ChatMessage> stored;
                try
                {
                    stored = await CommitAsync(batch);
                }
                catch (Exception ex) when (StorageFailures.Classify(ex) == StorageFailureKind.Rejected)
                {
                    // One sender's data sank the whole statement; store everyone else's without it.
                    stored = await CommitOneByOneAsync(batch);
                }
                catch (Exception ex)
                {
                    batch.FailAll(ex);
                    continue;
                }

                _publisher.Publish(stored.Select(c => new ChatEvent(c.Seq, ChatEventKind.Created, c)).ToArray());
            }
        }
        finally
        {
            _writingCreates = false;
            _writing.Release();
        }
    }

    /// <summary>Stores a batch and answers its senders.</summary>
    private async Task<IReadOnlyList<ChatMessage>> CommitAsync(CreateBatch batch)
    {
        if (_lastSeqUncertain)
        {
            _lastSeq = await BeforeWritingAsync(() => _log.GetLastSeqAsync(_picId));
            _lastSeqUncertain = false;
        }

        for (var attempt = 1; ; attempt++)
        {
            var keys = batch.RetryKeys();
            var toStore = batch.ToStore(keys.Length == 0 ? [] : await BeforeWritingAsync(() => _log.FindByClientMsgIdsAsync(keys)));
            IReadOnlyList<ChatMessage> stored;
            try
            {
                stored = toStore.Count == 0 ? [] : await _log.AppendAsync(_picId, _lastSeq + 1, toStore, _time.GetUtcNow());
            }
            catch (ChatLogConflictException ex) when (attempt < MaxConflictRetries)
            {
                _recent.Forget(); // someone else wrote to this picture
                // Another writer took a seq (a second activation, or a batch that timed out but committed late)
                // or the same clientMsgId (the same sender on another picture at the same moment): learn what is
                // stored now and try again.
                _logger.LogInformation(ex, "Chat log conflict on picture {PicId}; retrying", _picId);
                _lastSeq = await BeforeWritingAsync(() => _log.GetLastSeqAsync(_picId));
                continue;
            }
            catch (Exception ex) when (StorageFailures.Classify(ex) == StorageFailureKind.OutcomeUnknown)
            {
                // The batch may still commit: its seqs are taken or not, so read the truth before the next one.
                _lastSeqUncertain = true;
                _recent.Forget();
                throw;
            }

            _lastSeq += stored.Count;
            _recent.Add(stored);
            batch.Answer(stored);
            return stored;
        }
    }

    /// <summary>
    /// A read before the batch's INSERT: if it fails, nothing was written, whatever the failure looks like (a
    /// timeout here is not an unknown outcome), so senders hear "nothing changed" and may simply retry.
    /// </summary>
    private static async Task<T> BeforeWritingAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (StorageFailures.Classify(ex) is StorageFailureKind.Unavailable or StorageFailureKind.OutcomeUnknown)
        {
            throw new StorageUnavailableException("Storage is unavailable; nothing was changed. Retry later.");
        }
    }

    /// <summary>
    /// After a batch was refused for its data: each member alone, so only the one whose data PostgreSQL refuses
    /// is told so, and seqs stay gap-free (a refused chat takes none). An outage meanwhile fails the rest as usual.
    /// </summary>
    private async Task<IReadOnlyList<ChatMessage>> CommitOneByOneAsync(CreateBatch batch)
    {
        var stored = new List<ChatMessage>(batch.Members.Count);
        for (var i = 0; i < batch.Members.Count; i++)
        {
            try
            {
                stored.AddRange(await CommitAsync(new CreateBatch([batch.Members[i]])));
            }
            catch (Exception ex) when (StorageFailures.Classify(ex) == StorageFailureKind.Rejected)
            {
                _logger.LogWarning(ex, "A chat on picture {PicId} was refused by storage", _picId);
                batch.Members[i].Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Rejected, null));
            }
            catch (Exception ex)
            {
                batch.FailAll(ex, from: i);
                break;
            }
        }

        return stored;
    }
}
