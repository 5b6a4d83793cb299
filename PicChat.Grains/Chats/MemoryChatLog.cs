using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>
/// The chat log in process memory, for grain tests on memory storage; one instance serves every silo of a
/// process. It keeps the table's rules: unique seqs per picture and unique clientMsgIds per sender.
/// </summary>
public sealed class MemoryChatLog : IChatLog
{
    public static MemoryChatLog Shared { get; } = new();

    private sealed record Row(ChatMessage Chat, string? ClientMsgId, long? DeletedSeq);

    private readonly Dictionary<long, Row> _rows = [];
    private readonly Lock _lock = new();
    private long _lastChatId;

    public Task<long> GetLastSeqAsync(long picId)
    {
        lock (_lock)
        {
            return Task.FromResult(Of(picId).Select(r => Math.Max(r.Chat.Seq, r.DeletedSeq ?? 0)).DefaultIfEmpty(0).Max());
        }
    }

    public Task<IReadOnlyList<ChatMessage>> AppendAsync(long picId, long firstSeq, IReadOnlyList<NewChat> chats, DateTimeOffset createdAt)
    {
        lock (_lock)
        {
            var rows = Of(picId).ToArray();
            var lastSeq = firstSeq + chats.Count - 1;
            if (rows.Any(r => r.Chat.Seq >= firstSeq && r.Chat.Seq <= lastSeq || r.DeletedSeq >= firstSeq && r.DeletedSeq <= lastSeq)
                || chats.Any(c => c.ClientMsgId is not null && _rows.Values.Any(r => r.Chat.FromUserId == c.FromUserId && r.ClientMsgId == c.ClientMsgId)))
            {
                throw new ChatLogConflictException($"Chat log of picture {picId}: seq or clientMsgId already taken.");
            }

            var stored = chats.Select((c, i) => new ChatMessage(++_lastChatId, picId, firstSeq + i, c.FromUserId, c.ToUserId,
                c.MsgType, c.Content, c.VoiceUrl, createdAt)).ToArray();
            for (var i = 0; i < stored.Length; i++)
            {
                _rows[stored[i].ChatId] = new Row(stored[i], chats[i].ClientMsgId, null);
            }

            return Task.FromResult<IReadOnlyList<ChatMessage>>(stored);
        }
    }

    public Task<IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)>> FindByClientMsgIdsAsync(
        IReadOnlyCollection<(long FromUserId, string ClientMsgId)> keys)
    {
        lock (_lock)
        {
            IReadOnlyList<(long, string, ChatMessage)> found = _rows.Values
                .Where(r => r.ClientMsgId is not null && keys.Contains((r.Chat.FromUserId, r.ClientMsgId)))
                .Select(r => (r.Chat.FromUserId, r.ClientMsgId!, r.Chat))
                .ToArray();
            return Task.FromResult(found);
        }
    }

    public Task<ChatMessage?> GetAsync(long chatId)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(chatId, out var row) && row.DeletedSeq is null ? row.Chat : null);
        }
    }

    public Task<long?> GetSeqAsync(long picId, long chatId)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(chatId, out var row) && row.Chat.PicId == picId ? (long?)row.Chat.Seq : null);
        }
    }

    public Task<long?> GetDeletionSeqAsync(long picId, long chatId)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(chatId, out var row) && row.Chat.PicId == picId ? row.DeletedSeq : null);
        }
    }

    public Task<IReadOnlySet<long>> MarkDeletedAsync(long picId, IReadOnlyList<(long ChatId, long DeletedSeq)> deletions)
    {
        var deleted = new HashSet<long>();
        lock (_lock)
        {
            foreach (var (chatId, deletedSeq) in deletions)
            {
                if (_rows.TryGetValue(chatId, out var row) && row.Chat.PicId == picId && row.DeletedSeq is null)
                {
                    _rows[chatId] = new Row(row.Chat with { Content = null, VoiceUrl = null }, row.ClientMsgId, deletedSeq);
                    deleted.Add(chatId);
                }
            }
        }

        return Task.FromResult<IReadOnlySet<long>>(deleted);
    }

    public Task DeletePictureAsync(long picId)
    {
        lock (_lock)
        {
            foreach (var row in Of(picId).ToArray())
            {
                _rows.Remove(row.Chat.ChatId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(long picId, long afterSeq, long toSeq)
    {
        lock (_lock)
        {
            var events = new List<ChatEvent>();
            foreach (var row in Of(picId))
            {
                if (row.DeletedSeq is null && row.Chat.Seq > afterSeq && row.Chat.Seq <= toSeq)
                {
                    events.Add(new ChatEvent(row.Chat.Seq, ChatEventKind.Created, row.Chat));
                }
                else if (row.DeletedSeq > afterSeq && row.DeletedSeq <= toSeq)
                {
                    events.Add(new ChatEvent(row.DeletedSeq.Value, ChatEventKind.Deleted, row.Chat));
                }
            }

            return Task.FromResult<IReadOnlyList<ChatEvent>>(events.OrderBy(e => e.Seq).ToArray());
        }
    }

    public Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long picId, long? viewerId, long? beforeSeq, long? afterSeq, int limit)
    {
        lock (_lock)
        {
            var live = Of(picId)
                .Where(r => r.DeletedSeq is null && r.Chat.Seq < (beforeSeq ?? long.MaxValue) && r.Chat.Seq > (afterSeq ?? 0))
                .Where(r => viewerId is null || r.Chat.FromUserId == viewerId || r.Chat.ToUserId == viewerId)
                .Select(r => r.Chat);
            var ordered = afterSeq is null ? live.OrderByDescending(c => c.Seq) : live.OrderBy(c => c.Seq);
            return Task.FromResult<IReadOnlyList<ChatMessage>>(ordered.Take(limit).ToArray());
        }
    }

    public Task<IReadOnlyList<long>> FindPicturesWithChatsOfAsync(long userId)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<long>>(_rows.Values
                .Where(r => r.DeletedSeq is null && (r.Chat.FromUserId == userId || r.Chat.ToUserId == userId))
                .Select(r => r.Chat.PicId).Distinct().ToArray());
        }
    }

    public Task<IReadOnlyList<ChatMessage>> ReadChatsOfUserAsync(long picId, long userId)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>(Of(picId)
                .Where(r => r.DeletedSeq is null && (r.Chat.FromUserId == userId || r.Chat.ToUserId == userId))
                .OrderBy(r => r.Chat.Seq).Select(r => r.Chat).ToArray());
        }
    }

    private IEnumerable<Row> Of(long picId) => _rows.Values.Where(r => r.Chat.PicId == picId);
}
