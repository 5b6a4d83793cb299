using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// One SSE subscriber: first everything after its cursor from the log, then live events, in seq order with
/// no gap and no duplicate. Live events at or below the last seq sent are duplicates (skipped); one above
/// the next expected seq means the stream lost some, which are read from the log before it is sent.
/// </summary>
public sealed class ChatSubscriber(
    IChatRoomGrain room, FeedSubscription live, SubscriberAccess access, long afterSeq, ChatSubscriptionOptions options, JsonSerializerOptions json)
{
    private long _lastSeq = afterSeq;
    private bool _ended;

    public async IAsyncEnumerable<SseItem<string>> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = live;

        // Something goes out at once, so the client sees the response start (and learns how soon to reconnect)
        // before the first chat or heartbeat.
        yield return new SseItem<string>("", "heartbeat") { ReconnectionInterval = options.Reconnect };

        await foreach (var item in CatchUpAsync(long.MaxValue))
        {
            yield return item;
        }

        var nextCheck = DateTime.UtcNow + options.Recheck;
        while (!_ended && !cancellationToken.IsCancellationRequested)
        {
            var next = await ReadLiveEventAsync(cancellationToken);
            if (next is null)
            {
                // A quiet stream may have lost its last event, and no later one would reveal the gap: ask the
                // log what is committed. Then an event with empty data: EventSource dispatches nothing, but
                // proxies see traffic.
                await foreach (var item in CatchUpAsync(long.MaxValue))
                {
                    yield return item;
                }

                yield return new SseItem<string>("", "heartbeat");
            }
            else if (next.Seq > _lastSeq)
            {
                await foreach (var item in CatchUpAsync(next.Seq - 1))
                {
                    yield return item;
                }

                if (next.Seq == _lastSeq + 1)
                {
                    _lastSeq = next.Seq;
                    if (ToItem(next) is { } item)
                    {
                        yield return item;
                    }
                }
            }

            if (DateTime.UtcNow >= nextCheck)
            {
                // Losing the session or the sight of the picture ends the subscription.
                if (!await access.StillAllowedAsync())
                {
                    yield break;
                }

                nextCheck = DateTime.UtcNow + options.Recheck;
            }
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
                if (ToItem(chatEvent) is { } item)
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

    private async Task<ChatEvent?> ReadLiveEventAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Heartbeat);
        try
        {
            return await live.Events.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string DeletedEventId(long chatId) => chatId + ChatEventIds.DeletedSuffix;

    private SseItem<string>? ToItem(ChatEvent chatEvent)
    {
        switch (chatEvent.Kind)
        {
            case ChatEventKind.Created when chatEvent.Chat is { } chat && access.MaySee(chat):
                return new SseItem<string>(JsonSerializer.Serialize(ChatView.From(chat), json)) { EventId = chat.ChatId.ToString() };
            case ChatEventKind.Deleted when chatEvent.Chat is { } chat && access.MaySee(chat):
                return new SseItem<string>(JsonSerializer.Serialize(new ChatDeletedView(chat.ChatId, chat.PicId), json), "deleted")
                {
                    // Its own id, so a client that reconnects after it is not sent the deletion again.
                    EventId = DeletedEventId(chat.ChatId),
                };
            case ChatEventKind.PictureDeleted:
                _ended = true;
                return new SseItem<string>(JsonSerializer.Serialize(new { picId = room.GetPrimaryKeyLong() }, json), "picture-deleted");
            default:
                return null;
        }
    }
}

/// <summary>The SSE ids of deletions: <c>{chatId}-deleted</c> (a chat's own event has its chatId).</summary>
public static class ChatEventIds
{
    public const string DeletedSuffix = "-deleted";
}

/// <summary>Timings of chat subscriptions, bound from <c>PicChat:Chats:Subscriptions</c>.</summary>
public sealed class ChatSubscriptionOptions
{
    public const string Section = "PicChat:Chats:Subscriptions";

    /// <summary>How long a quiet subscription waits before sending a heartbeat.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How soon a client should reconnect after losing the stream (the SSE <c>retry</c> field).</summary>
    public TimeSpan Reconnect { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a subscription re-checks the session and the picture's visibility.</summary>
    public TimeSpan Recheck { get; set; } = TimeSpan.FromSeconds(15);
}
