using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Chats;

/// <summary>
/// Opens subscriptions to a picture's chats: finds where the subscriber resumes in the picture's log, joins the
/// live feed, and hands both to a <see cref="ChatSubscriber"/> that lives as long as the stream.
/// </summary>
public sealed class ChatSubscriptions(
    IClusterClient cluster, ChatFeeds feeds, SessionCache sessions, VisibilityChecks visibility,
    IOptions<ChatSubscriptionOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
{
    /// <summary>The picture, when the session's user may see it.</summary>
    public Task<PictureInfo?> FindVisibleAsync(long picId, Session session) =>
        cluster.GetGrain<IPictureGrain>(picId).GetAsync(session.UserId);

    /// <summary>
    /// The events after <paramref name="resumeFrom"/> (without one, only new chats), or why that resume point is
    /// not on this picture. The stream ends when the client goes or this instance shuts down; clients then
    /// resume elsewhere.
    /// </summary>
    public async Task<(IAsyncEnumerable<SseItem<string>>? Events, InvalidRequest? Refusal)> OpenAsync(
        PictureInfo picture, Session session, EventCursor? resumeFrom, HttpContext http)
    {
        var room = cluster.GetGrain<IChatRoomGrain>(picture.PicId);

        // Join the live feed before reading the log, so nothing committed in between can slip through.
        var live = await feeds.SubscribeAsync(picture.PicId);
        try
        {
            var afterSeq = resumeFrom switch
            {
                { Deleted: true } cursor => await room.GetDeletionSeqAsync(cursor.ChatId),
                { } cursor => await room.GetSeqAsync(cursor.ChatId),
                null => await room.GetLastSeqAsync(),
            };
            if (afterSeq is null)
            {
                live.Dispose();
                return (null, new InvalidRequest(resumeFrom!.Value.Deleted
                    ? "'Last-Event-ID' is not a deletion on this picture."
                    : "'Last-Event-ID' is not a chat of this picture."));
            }

            var access = new SubscriberAccess(
                sessions, cluster.GetGrain<IUserGrain>(session.UserId), session, visibility, picture.PicId, picture.OwnerId);
            var subscriber = new ChatSubscriber(room, live, access, afterSeq.Value, options.Value, json.Value.SerializerOptions);
            var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            http.Response.RegisterForDispose(ended);
            return (subscriber.RunAsync(ended.Token), null);
        }
        catch
        {
            live.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Who watches a picture's chats, and whether they still may: the session still open (as this instance's session
/// cache knows, which every logout reaches before it is answered, else as the user's grain says), the picture
/// still visible (asked of the picture's grain, once for overlapping checks of the same viewer).
/// </summary>
public sealed record SubscriberAccess(
    SessionCache Sessions, IUserGrain User, Session Session, VisibilityChecks Visibility, long PicId, long OwnerId) : ISubscriberAccess
{
    public bool MaySee(ChatMessage chat) => chat.IsVisibleTo(Session.UserId, OwnerId);

    public async Task<bool> StillAllowedAsync() =>
        await Sessions.IsOpenAsync(User, Session.UserId, Session.SessionHash) && await Visibility.IsVisibleAsync(PicId, Session.UserId);
}

/// <summary>Where a subscriber resumes: after a chat's event (its chatId) or a deletion's (<c>{chatId}-deleted</c>).</summary>
public readonly record struct EventCursor(long ChatId, bool Deleted)
{
    /// <summary>An event id this stream sent, or null when it is not one.</summary>
    public static EventCursor? Parse(string eventId)
    {
        var deleted = eventId.EndsWith(ChatEventIds.DeletedSuffix, StringComparison.Ordinal);
        var number = deleted ? eventId[..^ChatEventIds.DeletedSuffix.Length] : eventId;
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is > 0 and <= ApiRequest.MaxId
            ? new EventCursor(id, deleted)
            : null;
    }
}
