using PicChat.Abstractions.Chats;
using PicChat.Grains.Chats;

namespace PicChat.Tests.Grains;

/// <summary>
/// The chat room's in-memory newest chats must answer every page exactly as the log would, or not at all: random
/// histories, deletions and page requests, each compared with the log's own answer.
/// </summary>
public sealed class RecentChatsTests
{
    [Theory]
    [InlineData(1, 10, 50)]
    [InlineData(2, 64, 300)]
    [InlineData(3, 200, 150)]
    [InlineData(4, 32, 2000)]
    public async Task EveryPageItAnswersIsTheLogsAnswer(int seed, int capacity, int chats)
    {
        var random = new Random(seed);
        var log = new MemoryChatLog();
        var picId = Unique.Id();
        var users = new long[] { Unique.Id(), Unique.Id(), Unique.Id() };
        var recent = new RecentChats(capacity);
        var lastSeq = 0L;
        var answered = 0;

        // Loaded part-way through the history, as a room activated on an existing picture is.
        for (var written = 0; written < chats;)
        {
            if (written >= chats / 3 && !recent.IsLoaded)
            {
                recent.Load(await log.ReadPageAsync(picId, null, null, null, capacity));
            }

            var batch = Enumerable.Range(0, Math.Min(random.Next(1, 8), chats - written))
                .Select(_ => new NewChat(users[random.Next(3)], users[random.Next(3)], "text", $"hi {random.Next()}", null, null))
                .ToArray();
            var stored = await log.AppendAsync(picId, lastSeq + 1, batch, DateTimeOffset.UtcNow);
            lastSeq += stored.Count;
            written += stored.Count;
            recent.Add(stored);

            if (random.Next(4) == 0)
            {
                var live = await log.ReadPageAsync(picId, null, null, null, 50);
                if (live.Count > 0)
                {
                    var victim = live[random.Next(live.Count)];
                    var deleted = await log.MarkDeletedAsync(picId, [(victim.ChatId, ++lastSeq)]);
                    recent.Remove(deleted);
                }
            }

            for (var q = 0; q < 5; q++)
            {
                long? viewer = random.Next(3) == 0 ? null : users[random.Next(3)];
                long? before = random.Next(2) == 0 ? null : random.Next(1, (int)lastSeq + 2);
                long? after = random.Next(3) == 0 ? random.Next(0, (int)lastSeq + 1) : null;
                var limit = random.Next(1, capacity + 5);

                var fromMemory = recent.TryReadPage(viewer, before, after, limit);
                if (fromMemory is null)
                {
                    continue;
                }

                var fromLog = await log.ReadPageAsync(picId, viewer, before, after, limit);
                Assert.Equal(fromLog.Select(c => c.ChatId), fromMemory.Select(c => c.ChatId));
                answered++;
            }
        }

        // It must actually answer pages, or the room would query for every one.
        Assert.True(answered > 0);
        Assert.NotNull(recent.TryReadPage(null, null, null, Math.Min(capacity, 10)));
    }

    [Fact]
    public void AForgottenWindowAnswersNothing()
    {
        var recent = new RecentChats(10);
        recent.Load([]);
        Assert.NotNull(recent.TryReadPage(null, null, null, 5));

        recent.Forget();

        Assert.Null(recent.TryReadPage(null, null, null, 5));
        Assert.False(recent.IsLoaded);
    }
}
