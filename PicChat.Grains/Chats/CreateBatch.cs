using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>A create whose sender waits for its answer.</summary>
public sealed record PendingCreate(NewChat Chat, TaskCompletionSource<CreateChatResult> Completion)
{
    public static PendingCreate Of(NewChat chat) =>
        new(chat, new TaskCompletionSource<CreateChatResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>
/// Creates that the <see cref="ChatLogWriter"/> commits together, and who gets which answer. A retry (a sender's
/// clientMsgId seen before) is not stored again: it is answered with the chat stored first, whether that one is in
/// the log already or earlier in the same batch.
/// </summary>
public sealed class CreateBatch(IReadOnlyList<PendingCreate> members)
{
    private readonly List<PendingCreate> _toStore = [];
    private readonly Dictionary<(long, string), int> _firstInBatch = [];
    private Dictionary<(long, string), ChatMessage> _known = [];

    public IReadOnlyList<PendingCreate> Members => members;

    /// <summary>The (sender, clientMsgId) pairs to look up in the log before storing.</summary>
    public (long FromUserId, string ClientMsgId)[] RetryKeys() =>
        members.Where(p => p.Chat.ClientMsgId is not null).Select(p => (p.Chat.FromUserId, p.Chat.ClientMsgId!)).Distinct().ToArray();

    /// <summary>
    /// The chats to store, in order, given what the log holds under <see cref="RetryKeys"/>: each without a
    /// clientMsgId, and the first of each retry key that the log does not know yet.
    /// </summary>
    public IReadOnlyList<NewChat> ToStore(IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)> known)
    {
        _known = known.ToDictionary(k => (k.FromUserId, k.ClientMsgId), k => k.Chat);
        _toStore.Clear();
        _firstInBatch.Clear();
        foreach (var pending in members)
        {
            var key = (pending.Chat.FromUserId, pending.Chat.ClientMsgId ?? "");
            if (pending.Chat.ClientMsgId is null || (!_known.ContainsKey(key) && _firstInBatch.TryAdd(key, _toStore.Count)))
            {
                _toStore.Add(pending);
            }
        }

        return _toStore.Select(p => p.Chat).ToArray();
    }

    /// <summary>Answers every sender, once the last <see cref="ToStore"/> was committed as <paramref name="stored"/> (in its order).</summary>
    public void Answer(IReadOnlyList<ChatMessage> stored)
    {
        for (var i = 0; i < _toStore.Count; i++)
        {
            _toStore[i].Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Created, stored[i]));
        }

        foreach (var pending in members.Where(p => !p.Completion.Task.IsCompleted))
        {
            var key = (pending.Chat.FromUserId, pending.Chat.ClientMsgId!);
            var first = _known.TryGetValue(key, out var chat) ? chat : stored[_firstInBatch[key]];
            pending.Completion.TrySetResult(new CreateChatResult(CreateChatStatus.Duplicate, first));
        }
    }

    /// <summary>Gives every sender the same answer.</summary>
    public void AnswerAll(CreateChatResult result)
    {
        foreach (var pending in members)
        {
            pending.Completion.TrySetResult(result);
        }
    }

    /// <summary>Fails every sender from <paramref name="from"/> on: storage failed, or may not have stored their chats.</summary>
    public void FailAll(Exception error, int from = 0)
    {
        for (var i = from; i < members.Count; i++)
        {
            members[i].Completion.TrySetException(error);
        }
    }
}
