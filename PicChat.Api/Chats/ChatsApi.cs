using PicChat.Api.Docs;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Api.Pictures;
using PicChat.Api.Users;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;

namespace PicChat.Api.Chats;

/// <summary>
/// The contract's chats section: messages about a picture between two people who can both see it, stored in
/// the picture's durable log before they are acknowledged, and delivered live over Server-Sent Events.
/// </summary>
public static class ChatsApi
{
    public static RouteGroupBuilder MapChatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/chats").WithTags("Chats").RequireAuthorization();

        group.MapPost("/create-chat", CreateAsync)
            .Documented("Send a chat about a picture (ack = committed)", new ChatCreateRequest(20, "3", "4", "text", "What a view!", null, "c0ffee-1"), 400, 403, 404);
        group.MapGet("/read-chat", ReadAsync)
            .Documented("Read one chat", new ChatRequest(1234), 400, 404);
        group.MapGet("/read-several-chat", ReadSeveralAsync)
            .Documented("Read a page of a picture's chats, oldest first within the page", new ChatsReadRequest(20, 100, null, null), 400, 404);
        group.MapDelete("/delete-chat", DeleteAsync)
            .Documented("Delete a chat (sender or picture owner)", new ChatRequest(1234), 400, 403, 404);
        group.MapGet("/subscribe", SubscribeAsync)
            .Documented("Live chats of a picture as Server-Sent Events (resume with Last-Event-ID)", new SubscribeRequest(20, null), 400, 404);
        return group;
    }

    private static async Task<Ok<ChatCreatedResponse>> CreateAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users, IClusterClient cluster)
    {
        var fromUserId = await users.RequireSelfAsync(request.RequiredUser("fromUserId"), Session.From(principal));
        var picId = request.RequiredId("picId");
        var (msgType, content, voiceUrl) = ChatRules.Validate(
            request.RequiredString("msgType"), request.OptionalString("content"), request.OptionalString("voiceUrl")?.Trim());
        var clientMsgId = ChatRules.ClientMsgId(request.OptionalString("clientMsgId"));
        var toUserId = await users.FindAsync(request.RequiredUser("toUserId")) ?? throw new ApiException(ApiError.UserNotFound());
        if (toUserId == fromUserId)
        {
            throw new ApiException(ApiError.InvalidRequest("'toUserId' must be another user than 'fromUserId'."));
        }

        var result = await cluster.GetGrain<IChatRoomGrain>(picId)
            .CreateAsync(new NewChat(fromUserId, toUserId, msgType, content, voiceUrl, clientMsgId));
        return result.Status switch
        {
            CreateChatStatus.Created or CreateChatStatus.Duplicate => TypedResults.Ok(
                new ChatCreatedResponse(true, result.Chat!.Content, result.Chat.ChatId, result.Chat.CreatedAt.UtcDateTime)),
            CreateChatStatus.ReceiverCannotSee => throw new ApiException(ApiError.Forbidden("The receiver cannot see this picture.")),
            CreateChatStatus.Rejected => throw new ApiException(ApiError.InvalidRequest("The chat's text could not be stored as sent; nothing was stored.")),
            _ => throw new ApiException(ApiError.PictureNotFound()),
        };
    }

    private static async Task<Ok<ChatResponse>> ReadAsync(ApiRequest request, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var chatId = request.RequiredId("chatId");
        var chat = await cluster.GetGrain<IChatLookupGrain>(0).GetAsync(chatId, Session.From(principal).UserId)
            ?? throw new ApiException(ApiError.ChatNotFound());
        return TypedResults.Ok(ChatResponse.From(chat));
    }

    private static async Task<Ok<ChatPageResponse>> ReadSeveralAsync(ApiRequest request, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var viewerId = Session.From(principal).UserId;
        var picId = request.RequiredId("picId");
        var limit = request.OptionalInt("limit", 1, ChatRules.MaxPageSize, ChatRules.DefaultPageSize);
        var before = request.OptionalId("before");
        var after = request.OptionalId("after");
        if (before is not null && after is not null)
        {
            throw new ApiException(ApiError.InvalidRequest("Send 'before' or 'after', not both."));
        }

        var result = await cluster.GetGrain<IChatRoomGrain>(picId).ReadPageAsync(viewerId, before, after, limit);
        var page = result.Status switch
        {
            ChatPageStatus.Found => result.Page!,
            ChatPageStatus.CursorNotFound => throw new ApiException(ApiError.InvalidRequest(
                $"'{(before is null ? "after" : "before")}' is not a chat of this picture.")),
            _ => throw new ApiException(ApiError.PictureNotFound()),
        };
        return TypedResults.Ok(new ChatPageResponse(true, page.Chats.Select(ChatView.From).ToArray(), picId, page.NextBefore));
    }

    private static async Task<Ok<AckResponse>> DeleteAsync(ApiRequest request, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var viewerId = Session.From(principal).UserId;
        var chatId = request.RequiredId("chatId");
        var chat = await cluster.GetGrain<IChatLookupGrain>(0).GetAsync(chatId, viewerId) ?? throw new ApiException(ApiError.ChatNotFound());
        return await cluster.GetGrain<IChatRoomGrain>(chat.PicId).DeleteAsync(chatId, viewerId) switch
        {
            DeleteChatResult.Deleted => TypedResults.Ok(new AckResponse()),
            DeleteChatResult.NotAllowed => throw new ApiException(ApiError.Forbidden("Only the sender or the picture's owner may delete a chat.")),
            _ => throw new ApiException(ApiError.ChatNotFound()),
        };
    }

    private static async Task<ServerSentEventsResult<string>> SubscribeAsync(
        ApiRequest request, HttpContext http, ClaimsPrincipal principal, IClusterClient cluster, ChatFeeds feeds,
        IOptions<ChatSubscriptionOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        var session = Session.From(principal);
        var picId = request.RequiredId("picId");
        var picture = cluster.GetGrain<IPictureGrain>(picId);
        var visible = await picture.GetAsync(session.UserId) ?? throw new ApiException(ApiError.PictureNotFound());
        var room = cluster.GetGrain<IChatRoomGrain>(picId);

        // Resume point: the browser's Last-Event-ID on reconnect, else ?after=; without one, only new chats.
        var resumeFrom = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId
            ? ParseLastEventId(lastEventId)
            : request.OptionalId("after") is { } after ? (after, false) : ((long, bool)?)null;

        // Join the live feed before reading the log, so nothing committed in between can slip through.
        var live = await feeds.SubscribeAsync(picId);
        try
        {
            var afterSeq = resumeFrom switch
            {
                (var chatId, true) => await room.GetDeletionSeqAsync(chatId)
                    ?? throw new ApiException(ApiError.InvalidRequest("'Last-Event-ID' is not a deletion on this picture.")),
                (var chatId, false) => await GetCursorSeqAsync(room, chatId, "Last-Event-ID"),
                null => await room.GetLastSeqAsync(),
            };
            var user = cluster.GetGrain<Abstractions.Users.IUserGrain>(session.UserId);
            var subscriber = new ChatSubscriber(room, live, session.UserId, visible.OwnerId, afterSeq,
                async () => await user.HasSessionAsync(session.SessionHash) && await picture.GetAsync(session.UserId) is not null,
                options.Value, json.Value.SerializerOptions);
            // Streams end when the client goes or this instance shuts down; clients then resume elsewhere.
            var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            http.Response.RegisterForDispose(ended);
            return TypedResults.ServerSentEvents(subscriber.RunAsync(ended.Token));
        }
        catch
        {
            live.Dispose();
            throw;
        }
    }

    /// <summary>A chat's event id (its chatId) or a deletion's (<c>{chatId}-deleted</c>).</summary>
    private static (long ChatId, bool Deleted) ParseLastEventId(string value)
    {
        var deleted = value.EndsWith(ChatEventIds.DeletedSuffix, StringComparison.Ordinal);
        var number = deleted ? value[..^ChatEventIds.DeletedSuffix.Length] : value;
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is > 0 and <= ApiRequest.MaxId
            ? (id, deleted)
            : throw new ApiException(ApiError.InvalidRequest("'Last-Event-ID' must be an event id this stream sent."));
    }

    private static async Task<long> GetCursorSeqAsync(IChatRoomGrain room, long chatId, string name) =>
        await room.GetSeqAsync(chatId) ?? throw new ApiException(ApiError.InvalidRequest($"'{name}' is not a chat of this picture."));
}
