using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Hosting;

namespace PicChat.Grains.Chats;

/// <summary>The write loop of <see cref="ChatRoomGrain"/>: batching creates, answering retries, isolating bad data.</summary>
public sealed partial class ChatRoomGrain
{
    private sealed record PendingCreate(NewChat Chat, TaskCompletionSource<CreateChatResult> Completion);

    private bool _lastSeqUncertain;

    private async Task WriteCreatesAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            while (_creates.Count > 0)
            {
                var batch = new List<PendingCreate>(Math.Min(_creates.Count, MaxBatch));
                while (batch.Count < MaxBatch && _creates.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (_pictureDeleted)
                {
                    // These passed their visibility check just before the picture went: nothing to store them on.
                    batch.ForEach(p => p.Completion.TrySetResult(new CreateChatResult(CreateChatStatus.PictureNotFound, null)));
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
                    batch.ForEach(p => p.Completion.TrySetException(ex));
                    continue;
                }

                Publish(stored.Select(c => new ChatEvent(c.Seq, ChatEventKind.Created, c)).ToArray());
            }
        }
        finally
        {
            _writing = false;
            _writeLock.Release();
        }
    }

    /// <summary>Stores a batch, answering retries (a known sender + clientMsgId) with the chat stored first.</summary>
    private async Task<IReadOnlyList<ChatMessage>> CommitAsync(List<PendingCreate> batch)
    {
        if (_lastSeqUncertain)
        {
            _lastSeq = await BeforeWritingAsync(() => log.GetLastSeqAsync(PicId));
            _lastSeqUncertain = false;
        }

        for (var attempt = 1; ; attempt++)
        {
            var keys = batch.Where(p => p.Chat.ClientMsgId is not null)
                .Select(p => (p.Chat.FromUserId, p.Chat.ClientMsgId!)).Distinct().ToArray();
            var known = keys.Length == 0
                ? new Dictionary<(long, string), ChatMessage>()
                : (await BeforeWritingAsync(() => log.FindByClientMsgIdsAsync(keys))).ToDictionary(k => (k.FromUserId, k.ClientMsgId), k => k.Chat);

            // Within one batch the first of several equal retries is stored; the others share its answer.
            var toStore = new List<PendingCreate>();
            var firstInBatch = new Dictionary<(long, string), int>();
            foreach (var pending in batch)
            {
                var key = (pending.Chat.FromUserId, pending.Chat.ClientMsgId ?? "");
                if (pending.Chat.ClientMsgId is null || (!known.ContainsKey(key) && firstInBatch.TryAdd(key, toStore.Count)))
                {
                    toStore.Add(pending);
                }
            }

            IReadOnlyList<ChatMessage> stored;
            try
            {
                stored = toStore.Count == 0 ? [] : await log.AppendAsync(PicId, _lastSeq + 1, toStore.Select(p => p.Chat).ToArray(), DateTimeOffset.UtcNow);
            }
            catch (ChatLogConflictException ex) when (attempt < MaxConflictRetries)
            {
                _recent.Forget(); // someone else wrote to this picture
                // Another writer took a seq (a second activation, or a batch that timed out but committed late)
                // or the same clientMsgId (the same sender on another picture at the same moment): learn what is
                // stored now and try again.
                logger.LogInformation(ex, "Chat log conflict on picture {PicId}; retrying", PicId);
                _lastSeq = await BeforeWritingAsync(() => log.GetLastSeqAsync(PicId));
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
            for (var i = 0; i < toStore.Count; i++)
            {
                toStore[i].Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Created, stored[i]));
            }

            foreach (var pending in batch.Where(p => !p.Completion.Task.IsCompleted))
            {
                var key = (pending.Chat.FromUserId, pending.Chat.ClientMsgId!);
                var first = known.TryGetValue(key, out var chat) ? chat : stored[firstInBatch[key]];
                pending.Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Duplicate, first));
            }

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
    private async Task<IReadOnlyList<ChatMessage>> CommitOneByOneAsync(List<PendingCreate> batch)
    {
        var stored = new List<ChatMessage>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                stored.AddRange(await CommitAsync([batch[i]]));
            }
            catch (Exception ex) when (StorageFailures.Classify(ex) == StorageFailureKind.Rejected)
            {
                logger.LogWarning(ex, "A chat on picture {PicId} was refused by storage", PicId);
                batch[i].Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Rejected, null));
            }
            catch (Exception ex)
            {
                batch.Skip(i).ToList().ForEach(p => p.Completion.TrySetException(ex));
                break;
            }
        }

        return stored;
    }
}
