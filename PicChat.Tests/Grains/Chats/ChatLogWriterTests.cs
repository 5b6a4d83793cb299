using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Chats;

namespace PicChat.Tests.Grains.Chats;

/// <summary>
/// The batching writer against the in-memory log with a hand on it, one turn at a time as in its grain: what goes
/// into which batch, in which order, which sender hears what when a batch fails, and what it publishes.
/// </summary>
public sealed class ChatLogWriterTests
{
    private const long PicId = 7;
    private const long Alice = 1;
    private const long Bob = 2;

    private readonly GrainTurns _turns = new();
    private readonly ScriptedChatLog _log = new();
    private readonly RecordingStream _stream = new();

    private async Task<ChatLogWriter> StartAsync()
    {
        var writer = new ChatLogWriter(PicId, _log, new ChatEventPublisher(PicId, _stream, NullLogger.Instance), TimeProvider.System, NullLogger.Instance);
        await writer.StartAsync();
        return writer;
    }

    private static NewChat Text(string content, string? clientMsgId = null, long from = Alice) => new(from, from == Alice ? Bob : Alice, "text", content, null, clientMsgId);

    /// <summary>Holds the first append until the gate opens, so that the creates after it queue up behind it.</summary>
    private Gate HoldFirstAppend()
    {
        var held = new Gate();
        var first = true;
        _log.BeforeAppend = _ =>
        {
            var wait = first ? held.PassAsync() : Task.CompletedTask;
            first = false;
            return wait;
        };
        return held;
    }

    [Fact]
    public async Task CreatesThatArriveDuringAWriteAreCommittedTogetherInArrivalOrder()
    {
        var held = HoldFirstAppend();
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();

            // Act
            var first = writer.CreateAsync(Text("a"));
            await held.Reached;
            var queued = new[] { writer.CreateAsync(Text("b")), writer.CreateAsync(Text("c", from: Bob)), writer.CreateAsync(Text("d")) };
            held.Open();
            var results = await Task.WhenAll([first, .. queued]);

            // Assert
            Assert.Equal([["a"], ["b", "c", "d"]], _log.Appends);
            Assert.All(results, r => Assert.Equal(CreateChatStatus.Created, r.Status));
            Assert.Equal([1L, 2, 3, 4], results.Select(r => r.Chat!.Seq));
            Assert.Equal(["a", "b", "c", "d"], results.Select(r => r.Chat!.Content));
            Assert.Equal(4, writer.LastSeq);
        });

        // One stream message per commit, in seq order.
        Assert.Equal([[1], [2, 3, 4]], _stream.Messages);
    }

    [Fact]
    public async Task ABatchTakesAtMostMaxBatchCreates()
    {
        var held = HoldFirstAppend();
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            var first = writer.CreateAsync(Text("first"));
            await held.Reached;

            // Act
            var queued = Enumerable.Range(0, ChatLogWriter.MaxBatch + 10).Select(i => writer.CreateAsync(Text($"m{i}"))).ToArray();
            held.Open();
            await Task.WhenAll([first, .. queued]);

            // Assert
            Assert.Equal([1, ChatLogWriter.MaxBatch, 10], _log.Appends.Select(a => a.Length));
            Assert.Equal(Enumerable.Range(2, ChatLogWriter.MaxBatch + 10).Select(i => (long)i), queued.Select(q => q.Result.Chat!.Seq));
        });
    }

    [Fact]
    public async Task AFailedBatchFailsOnlyItsOwnSendersAndTakesNoSeq()
    {
        var held = HoldFirstAppend();
        var failingHeld = new Gate();
        var failing = new InvalidOperationException("storage said no");
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            var first = writer.CreateAsync(Text("a"));
            await held.Reached;
            var second = new[] { writer.CreateAsync(Text("b")), writer.CreateAsync(Text("c")) };
            _log.BeforeAppend = async chats =>
            {
                if (chats[0].Content == "b")
                {
                    await failingHeld.PassAsync();
                    throw failing;
                }
            };

            // Act: a first batch that commits, a second that fails, and a third queued behind the failing one.
            held.Open();
            var stored = await first;
            await failingHeld.Reached;
            var third = writer.CreateAsync(Text("d"));
            failingHeld.Open();
            var failed = await Task.WhenAll(second.Select(t => Assert.ThrowsAsync<InvalidOperationException>(() => t)));
            var later = await third;

            // Assert
            Assert.Equal((CreateChatStatus.Created, 1L), (stored.Status, stored.Chat!.Seq));
            Assert.All(failed, ex => Assert.Same(failing, ex));
            Assert.Equal((CreateChatStatus.Created, 2L), (later.Status, later.Chat!.Seq));
            Assert.Equal([["a"], ["b", "c"], ["d"]], _log.Appends);
        });

        Assert.Equal([[1], [2]], _stream.Messages);
    }

    [Fact]
    public async Task ABatchRefusedForOneChatsDataStoresTheOthersAndRefusesOnlyThatOne()
    {
        var held = HoldFirstAppend();
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            var first = writer.CreateAsync(Text("first"));
            await held.Reached;
            var batch = new[] { writer.CreateAsync(Text("x")), writer.CreateAsync(Text("bad")), writer.CreateAsync(Text("y")) };
            // What the store boundary makes of text Npgsql cannot encode: the whole statement is refused.
            _log.BeforeAppend = chats => chats.Any(c => c.Content == "bad") ? Task.FromException(new StorageRejectedException("bad text")) : Task.CompletedTask;

            // Act
            held.Open();
            await first;
            var results = await Task.WhenAll(batch);

            // Assert
            Assert.Equal([CreateChatStatus.Created, CreateChatStatus.Rejected, CreateChatStatus.Created], results.Select(r => r.Status));
            Assert.Equal([2L, 3], results.Where(r => r.Chat is not null).Select(r => r.Chat!.Seq));
            Assert.Equal([["first"], ["x", "bad", "y"], ["x"], ["bad"], ["y"]], _log.Appends);
        });

        Assert.Equal([[1], [2, 3]], _stream.Messages);
    }

    [Fact]
    public async Task AfterABatchOfUnknownOutcomeTheNextOneAsksTheLogWhereItEnds()
    {
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            Assert.Empty(await writer.ReadPageAsync(null, null, null, 10)); // the newest chats (none) now in memory

            // Act: the answer is lost, but the statement committed.
            _log.AfterAppend = () => new TimeoutException("no answer");
            await Assert.ThrowsAsync<TimeoutException>(() => writer.CreateAsync(Text("landed late")));
            _log.AfterAppend = null;
            var page = await writer.ReadPageAsync(null, null, null, 10);
            var next = await writer.CreateAsync(Text("next"));

            // Assert: no seq taken twice, no conflict on the way, and no page from a memory that missed the late chat.
            Assert.Equal(["landed late"], page.Select(c => c.Content));
            Assert.Equal((CreateChatStatus.Created, 2L), (next.Status, next.Chat!.Seq));
            Assert.Equal(0, _log.Conflicts);
            Assert.Equal(["next", "landed late"], (await writer.ReadPageAsync(null, null, null, 10)).Select(c => c.Content));
        });
    }

    [Fact]
    public async Task RetriesAreAnsweredWithTheChatStoredFirstInTheLogOrEarlierInTheBatch()
    {
        var held = HoldFirstAppend();
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            var original = writer.CreateAsync(Text("original", "k1"));
            await held.Reached;
            var batch = new[]
            {
                writer.CreateAsync(Text("original again", "k1")),
                writer.CreateAsync(Text("new", "k2")),
                writer.CreateAsync(Text("new again", "k2")),
                writer.CreateAsync(Text("same key, other sender", "k2", from: Bob)),
                writer.CreateAsync(Text("no key")),
            };

            // Act
            held.Open();
            var stored = await original;
            var results = await Task.WhenAll(batch);

            // Assert
            Assert.Equal([["original"], ["new", "same key, other sender", "no key"]], _log.Appends);
            Assert.Equal(
                [(CreateChatStatus.Duplicate, stored.Chat!.ChatId), (CreateChatStatus.Created, results[1].Chat!.ChatId),
                 (CreateChatStatus.Duplicate, results[1].Chat!.ChatId), (CreateChatStatus.Created, results[3].Chat!.ChatId),
                 (CreateChatStatus.Created, results[4].Chat!.ChatId)],
                results.Select(r => (r.Status, r.Chat!.ChatId)));
            Assert.Equal(4, writer.LastSeq);
        });
    }

    [Fact]
    public async Task ASeqTakenByAnotherWriterIsRetriedAfterTheLogsLastSeq()
    {
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            await _log.Inner.AppendAsync(PicId, 1, [Text("by another activation")], DateTimeOffset.UnixEpoch);

            // Act
            var result = await writer.CreateAsync(Text("mine"));

            // Assert
            Assert.Equal((CreateChatStatus.Created, 2L), (result.Status, result.Chat!.Seq));
            Assert.Equal(1, _log.Conflicts);
        });
    }

    [Fact]
    public async Task DeletionsTakeSeqsAfterTheCreatesAndOnlyLiveChatsArePublished()
    {
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            var chats = await Task.WhenAll(writer.CreateAsync(Text("a")), writer.CreateAsync(Text("b")));

            // Act
            var first = await writer.MarkDeletedAsync([chats[0].Chat!]);
            var again = await writer.MarkDeletedAsync([chats[0].Chat!, chats[1].Chat!]);

            // Assert
            Assert.Equal((1, 1), (first, again));
            Assert.Empty(await writer.ReadPageAsync(null, null, null, 10));
            Assert.Equal(3, await _log.GetDeletionSeqAsync(PicId, chats[0].Chat!.ChatId));
            Assert.Equal(5, await _log.GetDeletionSeqAsync(PicId, chats[1].Chat!.ChatId));
        });

        // The two creates, then one deletion each: the chat deleted twice is published once, its second seq unused.
        Assert.Equal([[1], [2], [3], [5]], _stream.Messages);
    }

    [Fact]
    public async Task CreatesQueuedBehindThePicturesDeletionFindNoPictureAndTheDeletionIsPublishedFirst()
    {
        var held = new Gate();
        _log.BeforeDeletePicture = held.PassAsync;
        await _turns.RunAsync(async () =>
        {
            var writer = await StartAsync();
            await writer.CreateAsync(Text("before"));

            // Act
            var deleting = writer.DeleteAllAsync();
            await held.Reached;
            var late = writer.CreateAsync(Text("too late"));
            held.Open();
            await deleting;

            // Assert: the deletion's event is sent before the deletion returns (the grain deactivates next).
            Assert.Equal([[1], [2]], _stream.Messages);
            Assert.Equal(CreateChatStatus.PictureNotFound, (await late).Status);
            Assert.Equal([["before"]], _log.Appends);
        });
    }
}
