using System.Globalization;
using System.Text.Json;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// What a picture's feed hands each of its subscribers: one of the picture's events, or a heartbeat tick. An
/// event's SSE fields are the same for every viewer allowed to see it, so they are made once, by the first
/// subscriber that sends it, and shared by the others (thousands of subscribers, one serialization).
/// </summary>
public sealed class FeedEvent
{
    private Formatted? _formatted;

    private FeedEvent(long picId, long seq, ChatEvent? chatEvent)
    {
        PicId = picId;
        Seq = seq;
        Event = chatEvent;
    }

    public static FeedEvent Of(long picId, ChatEvent chatEvent) => new(picId, chatEvent.Seq, chatEvent);

    /// <summary>A heartbeat: the feed has passed on everything up to <paramref name="passedSeq"/> (and checked the log for more).</summary>
    public static FeedEvent Tick(long picId, long passedSeq) => new(picId, passedSeq, null);

    public long PicId { get; }

    /// <summary>The event's seq, or for a tick the last seq the feed had passed on.</summary>
    public long Seq { get; }

    /// <summary>The event; null for a tick.</summary>
    public ChatEvent? Event { get; }

    public bool IsTick => Event is null;

    /// <summary>The SSE data, event type and id of this event.</summary>
    public (string Data, string? EventType, string? EventId) Format(JsonSerializerOptions json)
    {
        // A race only makes the same text twice; options are per application, so in practice always the same.
        var formatted = _formatted;
        if (formatted is null || !ReferenceEquals(formatted.Json, json))
        {
            _formatted = formatted = new Formatted(json, FormatCore(json));
        }

        return formatted.Fields;
    }

    private (string, string?, string?) FormatCore(JsonSerializerOptions json)
    {
        var chat = Event?.Chat;
        return Event?.Kind switch
        {
            ChatEventKind.Created => (JsonSerializer.Serialize(ChatView.From(chat!), json), null,
                chat!.ChatId.ToString(CultureInfo.InvariantCulture)),
            // Its own id, so a client that reconnects after it is not sent the deletion again.
            ChatEventKind.Deleted => (JsonSerializer.Serialize(new ChatDeletedView(chat!.ChatId, chat.PicId), json), "deleted",
                chat.ChatId.ToString(CultureInfo.InvariantCulture) + ChatEventIds.DeletedSuffix),
            ChatEventKind.PictureDeleted => (JsonSerializer.Serialize(new { picId = PicId }, json), "picture-deleted", null),
            _ => throw new InvalidOperationException("A tick has no SSE fields."),
        };
    }

    private sealed record Formatted(JsonSerializerOptions Json, (string Data, string? EventType, string? EventId) Fields);
}
