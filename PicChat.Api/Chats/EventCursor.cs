using System.Globalization;
using PicChat.Abstractions;
using PicChat.Api.Http;

namespace PicChat.Api.Chats;

/// <summary>Where a subscriber resumes: after a chat's event (its chatId) or a deletion's (<c>{chatId}-deleted</c>).</summary>
public readonly record struct EventCursor(long ChatId, bool Deleted)
{
    /// <summary>An event id this stream sent, or null when it is not one.</summary>
    public static EventCursor? Parse(string eventId)
    {
        var deleted = eventId.EndsWith(ChatEventIds.DeletedSuffix, StringComparison.Ordinal);
        var number = deleted ? eventId[..^ChatEventIds.DeletedSuffix.Length] : eventId;
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is > 0 and <= Limits.MaxId
            ? new EventCursor(id, deleted)
            : null;
    }
}

/// <summary>The SSE ids of deletions: <c>{chatId}-deleted</c> (a chat's own event has its chatId).</summary>
public static class ChatEventIds
{
    public const string DeletedSuffix = "-deleted";
}
