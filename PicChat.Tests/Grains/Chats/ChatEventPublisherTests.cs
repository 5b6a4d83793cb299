using Microsoft.Extensions.Logging.Abstractions;
using PicChat.Abstractions.Chats;
using PicChat.Grains.Chats;

namespace PicChat.Tests.Grains.Chats;

/// <summary>The publisher against a recording stream, on one turn at a time as in its grain.</summary>
public sealed class ChatEventPublisherTests
{
    private readonly GrainTurns _turns = new();
    private readonly RecordingStream _stream = new();

    private ChatEventPublisher Publisher() => new(1, _stream, NullLogger.Instance);

    private static ChatEvent[] Events(params long[] seqs) => seqs.Select(seq => new ChatEvent(seq, ChatEventKind.PictureDeleted, null)).ToArray();

    [Fact]
    public async Task EventsCommittedWhileAMessageIsInFlightGoOutTogetherInTheNextOneInOrder()
    {
        var held = new Gate();
        _stream.OnMessage = n => n == 1 ? held.PassAsync() : Task.CompletedTask;
        await _turns.RunAsync(async () =>
        {
            var publisher = Publisher();

            // Act
            publisher.Publish(Events(1));
            await held.Reached;
            publisher.Publish(Events(2, 3));
            publisher.Publish(Events(4));
            held.Open();
            await publisher.DrainAsync();
        });

        // Assert
        Assert.Equal([[1], [2, 3, 4]], _stream.Messages);
    }

    [Fact]
    public async Task AMessageTheStreamRefusesIsNotSentAgainAndLaterEventsStillGoOut()
    {
        _stream.OnMessage = n => n == 1 ? Task.FromException(new InvalidOperationException("stream down")) : Task.CompletedTask;
        await _turns.RunAsync(async () =>
        {
            var publisher = Publisher();

            // Act
            publisher.Publish(Events(1));
            await publisher.DrainAsync();
            publisher.Publish(Events(2));
            await publisher.DrainAsync();
        });

        // Assert
        Assert.Equal([[1], [2]], _stream.Messages);
    }

    [Fact]
    public async Task DrainWaitsUntilEverythingQueuedIsSent()
    {
        var held = new Gate();
        _stream.OnMessage = n => n == 1 ? held.PassAsync() : Task.CompletedTask;
        await _turns.RunAsync(async () =>
        {
            var publisher = Publisher();
            publisher.Publish(Events(1));
            await held.Reached;
            publisher.Publish(Events(2));

            // Act
            var drained = publisher.DrainAsync();
            await Task.Delay(50);
            Assert.False(drained.IsCompleted);
            held.Open();
            await drained;

            // Assert
            Assert.Equal([[1], [2]], _stream.Messages);
        });
    }

    [Fact]
    public async Task NothingIsSentForACommitWithoutEventsAndDrainingAnIdlePublisherReturnsAtOnce()
    {
        await _turns.RunAsync(async () =>
        {
            var publisher = Publisher();

            // Act
            publisher.Publish([]);
            await publisher.DrainAsync();
        });

        // Assert
        Assert.Empty(_stream.Messages);
    }
}
