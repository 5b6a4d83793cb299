using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// One subscriber's stream: the SSE events of one client's subscription, first everything after its cursor from
/// the log, then live events from its <see cref="FeedBuffer"/>, in seq order with no gap and no duplicate. Live events at or below the last seq sent are duplicates (skipped); one above
/// the next expected seq means its buffer overflowed, and the missing ones are read from the log before it is
/// sent. Heartbeats follow the feed's ticks; whether the viewer may still see the picture is checked beside
/// the stream, on a clock shared by all subscriptions (<see cref="CoarseDelay"/>), so the check never holds up an event.
/// </summary>
public sealed class SubscriberStream(
    IChatRoomGrain room, FeedBuffer live, IViewerAccess access, long afterSeq, ChatSubscriptionOptions options, JsonSerializerOptions json)
{
    private long _lastSeq = afterSeq;
    private bool _sentSinceTick;
    private bool _ended;

    public async IAsyncEnumerable<SseItem<string>> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var leaving = live;
        using var checks = new CancellationTokenSource();
        await using var ending = cancellationToken.Register(() => live.End());
        _ = CheckAsync(checks.Token);
        try
        {
            // Something goes out at once, so the client sees the response start (and learns how soon to reconnect)
            // before the first chat or heartbeat.
            yield return new SseItem<string>("", "heartbeat") { ReconnectionInterval = options.Reconnect };

            // A cursor at or past what the feed has passed on has nothing to read: the rest comes live.
            if (live.FeedSeq > _lastSeq)
            {
                await foreach (var item in CatchUpAsync(long.MaxValue))
                {
                    yield return item;
                }
            }

            // No timeouts or cancellation per read: the feed ticks, and ending the subscription completes its events.
            while (!_ended && await live.Events.WaitToReadAsync())
            {
                while (!_ended && !cancellationToken.IsCancellationRequested && live.Events.TryRead(out var next))
                {
                    if (next.Seq > _lastSeq + (next.IsTick ? 0 : 1))
                    {
                        await foreach (var item in CatchUpAsync(next.IsTick ? next.Seq : next.Seq - 1))
                        {
                            yield return item;
                        }
                    }

                    if (next.IsTick)
                    {
                        // An event with empty data: EventSource dispatches nothing, but proxies see traffic.
                        if (!_sentSinceTick)
                        {
                            yield return new SseItem<string>("", "heartbeat");
                        }

                        _sentSinceTick = false;
                    }
                    else if (next.Seq == _lastSeq + 1)
                    {
                        _lastSeq = next.Seq;
                        if (ToItem(next) is { } item)
                        {
                            yield return item;
                        }
                    }
                }
            }
        }
        finally
        {
            await checks.CancelAsync();
        }
    }

    /// <summary>Losing the session or the sight of the picture ends the subscription.</summary>
    private async Task CheckAsync(CancellationToken stop)
    {
        try
        {
            // The first wait is spread out, so subscribers who arrived together (say, after a restart) do not all ask at once.
            var wait = options.Recheck * (0.5 + Random.Shared.NextDouble() / 2);
            var failed = 0;
            while (true)
            {
                await CoarseDelay.WaitAsync(wait, stop);
                wait = options.Recheck;
                try
                {
                    if (!await access.StillAllowedAsync())
                    {
                        live.End();
                        return;
                    }

                    failed = 0;
                }
                catch (Exception) when (++failed < 2 && !stop.IsCancellationRequested)
                {
                    // A check that could not be made (a busy or restarting cluster) is made again at the next; two
                    // in a row end the stream. Ending thousands of streams at the first timeout would only bring
                    // them all back at once.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            live.End(ex);
        }
    }

    /// <summary>Sends every event from the log after the last one sent, up to <paramref name="toSeq"/>.</summary>
    private async IAsyncEnumerable<SseItem<string>> CatchUpAsync(long toSeq)
    {
        while (!_ended && _lastSeq < toSeq)
        {
            var range = await room.ReadEventsAsync(_lastSeq, toSeq);
            foreach (var chatEvent in range.Events)
            {
                if (ToItem(FeedEvent.Of(live.PicId, chatEvent)) is { } item)
                {
                    yield return item;
                }
            }

            if (range.ThroughSeq <= _lastSeq)
            {
                yield break; // nothing more is committed yet
            }

            _lastSeq = range.ThroughSeq;
        }
    }

    private SseItem<string>? ToItem(FeedEvent feedEvent)
    {
        var chatEvent = feedEvent.Event!;
        switch (chatEvent.Kind)
        {
            case ChatEventKind.Created or ChatEventKind.Deleted when access.MaySee(chatEvent.Chat!):
                break;
            case ChatEventKind.PictureDeleted:
                _ended = true;
                break;
            default:
                return null;
        }

        _sentSinceTick = true;
        var (data, eventType, eventId) = feedEvent.Format(json);
        return new SseItem<string>(data, eventType) { EventId = eventId };
    }
}
