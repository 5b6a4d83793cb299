using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>
/// The newest live chats of one picture, oldest first, kept by its <see cref="ChatRoomGrain"/> (the only writer
/// of its rows) so that the pages people read most, the newest ones, are answered without a query. A page is
/// answered from memory only when everything it could contain is here; otherwise the log answers, as before.
/// </summary>
public sealed class RecentChats(int capacity)
{
    private readonly List<ChatMessage> _chats = [];

    /// <summary>Every live chat with a greater seq is here; null when nothing is known (not loaded, or doubted).</summary>
    private long? _coversAfterSeq;

    public bool IsLoaded => _coversAfterSeq is not null;

    /// <summary>Starts from the log's newest page (newest first), read when no write could interleave.</summary>
    public void Load(IReadOnlyList<ChatMessage> newestFirst)
    {
        _chats.Clear();
        _chats.AddRange(newestFirst.Reverse());
        _coversAfterSeq = newestFirst.Count < capacity ? 0 : newestFirst[^1].Seq - 1;
    }

    /// <summary>Forgets everything, when the log may hold writes this grain did not see (an unknown outcome).</summary>
    public void Forget()
    {
        _chats.Clear();
        _coversAfterSeq = null;
    }

    /// <summary>Chats just committed, in seq order.</summary>
    public void Add(IEnumerable<ChatMessage> stored)
    {
        if (!IsLoaded)
        {
            return;
        }

        _chats.AddRange(stored);
        if (_chats.Count > capacity)
        {
            var dropped = _chats.Count - capacity;
            _coversAfterSeq = _chats[dropped - 1].Seq;
            _chats.RemoveRange(0, dropped);
        }
    }

    /// <summary>Chats just deleted: no page shows them any more.</summary>
    public void Remove(IReadOnlyCollection<long> chatIds) => _chats.RemoveAll(c => chatIds.Contains(c.ChatId));

    /// <summary>The seq of a live chat held here, for cursors; null when it is not here (ask the log).</summary>
    public long? FindSeq(long chatId) => _chats.FindLast(c => c.ChatId == chatId)?.Seq;

    /// <summary>
    /// What <see cref="IChatLog.ReadPageAsync"/> would answer for the same arguments (newest first without
    /// <paramref name="afterSeq"/>, oldest first with it), or null when the answer may reach past what is here.
    /// </summary>
    public IReadOnlyList<ChatMessage>? TryReadPage(long? viewerId, long? beforeSeq, long? afterSeq, int limit)
    {
        if (_coversAfterSeq is not { } covered)
        {
            return null;
        }

        var before = beforeSeq ?? long.MaxValue;
        var page = new List<ChatMessage>(Math.Min(limit, _chats.Count));
        if (afterSeq is { } after)
        {
            // Oldest first from just after the cursor: complete only if nothing older than what is here could match.
            if (after < covered)
            {
                return null;
            }

            foreach (var chat in _chats)
            {
                if (chat.Seq > after && chat.Seq < before && Shows(chat, viewerId) && page.Count < limit)
                {
                    page.Add(chat);
                }
            }

            return page;
        }

        for (var i = _chats.Count - 1; i >= 0 && page.Count < limit; i--)
        {
            var chat = _chats[i];
            if (chat.Seq < before && Shows(chat, viewerId))
            {
                page.Add(chat);
            }
        }

        // Short of the limit, older chats outside this window might still belong on the page.
        return page.Count == limit || covered == 0 ? page : null;
    }

    private static bool Shows(ChatMessage chat, long? viewerId) =>
        viewerId is not { } viewer || chat.FromUserId == viewer || chat.ToUserId == viewer;
}
