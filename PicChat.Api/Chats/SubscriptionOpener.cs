using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Chats;

/// <summary>
/// Opens subscriptions to a picture's chats (the handler of <c>/chats/subscribe</c> asks it): finds where the
/// subscriber resumes in the picture's log, joins the picture's feed, and hands both to a
/// <see cref="SubscriberStream"/> that lives as long as the client's stream.
/// </summary>
public sealed class SubscriptionOpener(
    IClusterClient cluster, PictureFeedRegistry feeds, SessionCache sessions, VisibilityChecks visibility,
    IOptions<ChatSubscriptionOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
{
    /// <summary>The picture, when the session's user may see it.</summary>
    public Task<PictureInfo?> FindVisibleAsync(long picId, Session session) =>
        cluster.Grain<IPictureGrain>(picId).GetAsync(session.UserId);

    /// <summary>
    /// The events after <paramref name="resumeFrom"/> (without one, only new chats), or why that resume point is
    /// not on this picture. The stream ends when the client goes or this instance shuts down; clients then
    /// resume elsewhere.
    /// </summary>
    public async Task<(IAsyncEnumerable<SseItem<string>>? Events, InvalidRequest? Refusal)> OpenAsync(
        PictureInfo picture, Session session, EventCursor? resumeFrom, HttpContext http)
    {
        var room = cluster.Grain<IChatRoomGrain>(picture.PicId);

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

            var access = new ViewerAccess(
                sessions, cluster.Grain<IUserGrain>(session.UserId), session, visibility, picture.PicId, picture.OwnerId);
            var subscriber = new SubscriberStream(room, live, access, afterSeq.Value, options.Value, json.Value.SerializerOptions);
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
