using Orleans.Streams;
using PicChat.Abstractions.Chats;
using PicChat.Grains.Chats;

namespace PicChat.Tests.Grains.Chats;

/// <summary>Runs code one turn at a time, as a grain's scheduler does: the writer and the publisher expect it.</summary>
internal sealed class GrainTurns
{
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

    public Task RunAsync(Func<Task> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, _scheduler).Unwrap().WaitAsync(TimeSpan.FromSeconds(20));
}

/// <summary>A gate a fake holds its caller at until the test opens it.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a caller waits at the gate.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public Task PassAsync()
    {
        _reached.TrySetResult();
        return _open.Task;
    }
}

/// <summary>The in-memory chat log with a hand on it: appends can be held, fail, or commit and then fail.</summary>
internal sealed class ScriptedChatLog : IChatLog
{
    public MemoryChatLog Inner { get; } = new();

    /// <summary>Every append asked for, in order: the chats' contents.</summary>
    public List<string?[]> Appends { get; } = [];

    public int Conflicts { get; private set; }

    /// <summary>Runs before each append's write; may wait (hold it) or throw (nothing stored).</summary>
    public Func<IReadOnlyList<NewChat>, Task>? BeforeAppend { get; set; }

    /// <summary>Thrown after each append is stored when set: an answer lost though the statement committed.</summary>
    public Func<Exception>? AfterAppend { get; set; }

    public Func<Task>? BeforeDeletePicture { get; set; }

    public async Task<IReadOnlyList<ChatMessage>> AppendAsync(long picId, long firstSeq, IReadOnlyList<NewChat> chats, DateTimeOffset createdAt)
    {
        Appends.Add(chats.Select(c => c.Content).ToArray());
        if (BeforeAppend is not null)
        {
            await BeforeAppend(chats);
        }

        IReadOnlyList<ChatMessage> stored;
        try
        {
            stored = await Inner.AppendAsync(picId, firstSeq, chats, createdAt);
        }
        catch (ChatLogConflictException)
        {
            Conflicts++;
            throw;
        }

        return AfterAppend is null ? stored : throw AfterAppend();
    }

    public async Task DeletePictureAsync(long picId)
    {
        if (BeforeDeletePicture is not null)
        {
            await BeforeDeletePicture();
        }

        await Inner.DeletePictureAsync(picId);
    }

    public Task<long> GetLastSeqAsync(long picId) => Inner.GetLastSeqAsync(picId);

    public Task<IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)>> FindByClientMsgIdsAsync(
        IReadOnlyCollection<(long FromUserId, string ClientMsgId)> keys) => Inner.FindByClientMsgIdsAsync(keys);

    public Task<ChatMessage?> GetAsync(long chatId) => Inner.GetAsync(chatId);

    public Task<long?> GetSeqAsync(long picId, long chatId) => Inner.GetSeqAsync(picId, chatId);

    public Task<long?> GetDeletionSeqAsync(long picId, long chatId) => Inner.GetDeletionSeqAsync(picId, chatId);

    public Task<IReadOnlySet<long>> MarkDeletedAsync(long picId, IReadOnlyList<(long ChatId, long DeletedSeq)> deletions) =>
        Inner.MarkDeletedAsync(picId, deletions);

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(long picId, long afterSeq, long toSeq) => Inner.ReadEventsAsync(picId, afterSeq, toSeq);

    public Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long picId, long? viewerId, long? beforeSeq, long? afterSeq, int limit) =>
        Inner.ReadPageAsync(picId, viewerId, beforeSeq, afterSeq, limit);

    public Task<IReadOnlyList<long>> FindPicturesWithChatsOfAsync(long userId) => Inner.FindPicturesWithChatsOfAsync(userId);

    public Task<IReadOnlyList<ChatMessage>> ReadChatsOfUserAsync(long picId, long userId) => Inner.ReadChatsOfUserAsync(picId, userId);
}

/// <summary>A picture's stream that records every message sent on it; a message can be held or refused.</summary>
internal sealed class RecordingStream : IAsyncBatchProducer<ChatEvent>
{
    /// <summary>Every message the publisher sent (refused ones too): the seqs of its events.</summary>
    public List<long[]> Messages { get; } = [];

    /// <summary>Runs for each message after it is recorded; may wait (hold it) or throw (refuse it).</summary>
    public Func<int, Task>? OnMessage { get; set; }

    public async Task OnNextBatchAsync(IEnumerable<ChatEvent> batch, StreamSequenceToken? token = null)
    {
        Messages.Add(batch.Select(e => e.Seq).ToArray());
        if (OnMessage is not null)
        {
            await OnMessage(Messages.Count);
        }
    }

    public Task OnNextAsync(ChatEvent item, StreamSequenceToken? token = null) => OnNextBatchAsync([item], token);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
