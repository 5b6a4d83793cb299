using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PicChat.Api.Auth;
using PicChat.Api.Docs;
using PicChat.Api.Http;
using PicChat.Api.Pictures;
using PicChat.Api.Users;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Chats;

/// <summary>
/// The contract's chats section: messages about a picture between two people who can both see it, stored in
/// the picture's durable log before they are acknowledged, and delivered live over Server-Sent Events.
/// </summary>
public static class ChatsApi
{
    public static RouteGroupBuilder MapChatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/chats").RequireAuthorization().WithAck()
            .WithArea("Chats", "Messages about a picture from one user to another, both able to see the picture; seen by their sender, "
                + "their receiver and the picture's owner. Stored durably before they are acknowledged, and delivered live over "
                + "Server-Sent Events. Every JSON answer carries `ack`.");

        group.MapPost("/create-chat", CreateAsync)
            .WithName("chatCreate").WithSummary("Send a chat about a picture")
            .WithDescription("Stores a text or voice chat from the signed-in user to another user about a picture both can see; "
                + "`ack: true` means it is committed. Sending the same `clientMsgId` again answers with the first chat instead of storing a second.");
        group.MapGet("/read-chat", ReadAsync)
            .WithName("chatRead").WithSummary("Read one chat")
            .WithDescription("Answers with a chat the signed-in user may see (as its sender, its receiver or the picture's owner), "
                + "its members at the top level.");
        group.MapGet("/read-several-chat", ReadSeveralAsync)
            .WithName("chatsReadSeveral").WithSummary("Read a page of a picture's chats")
            .WithDescription("Answers with the chats of a picture that the signed-in user may see, oldest first within the page: the newest "
                + "`limit` without a cursor, else the `limit` chats just older than `before` or just newer than `after`.");
        group.MapDelete("/delete-chat", DeleteAsync)
            .WithName("chatDelete").WithSummary("Delete a chat")
            .WithDescription("Deletes a chat; only its sender or the picture's owner may.");
        group.MapGet("/subscribe", SubscribeAsync)
            .WithName("chatSubscribe").WithSummary("Receive a picture's chats live")
            .WithDescription("A Server-Sent Events stream of the picture's chats that the signed-in user may see: each new chat as an event "
                + "whose id is its chatId and whose data is the chat; deletions as `deleted` events; the picture's deletion as "
                + "`picture-deleted`, which ends the stream. Reconnecting with `Last-Event-ID` first sends every event missed.");
        return group;
    }

    private static async Task<Results<Ok<ChatCreatedResponse>, Forbidden, InvalidRequest, InvalidUrl, UserNotFound, PictureNotFound>> CreateAsync(
        ChatCreateRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.FromUserId, session) is not { } fromUserId)
        {
            return Forbidden.NotSelf();
        }

        var voiceUrl = request.VoiceUrl?.Trim();
        if (ChatRules.CheckContent(request.MsgType, request.Content, voiceUrl) is { } invalidContent)
        {
            return invalidContent;
        }

        if (ChatRules.CheckVoiceUrl(request.MsgType, voiceUrl) is { } invalidUrl)
        {
            return invalidUrl;
        }

        if (ChatRules.CheckClientMsgId(request.ClientMsgId) is { } invalidClientMsgId)
        {
            return invalidClientMsgId;
        }

        if (await cluster.FindUserIdAsync(request.ToUserId) is not { } toUserId)
        {
            return new UserNotFound();
        }

        if (toUserId == fromUserId)
        {
            return new InvalidRequest("'toUserId' must be another user than 'fromUserId'.");
        }

        var chat = new NewChat(fromUserId, toUserId, request.MsgType, ChatRules.StoredContent(request.MsgType, request.Content), voiceUrl, request.ClientMsgId);
        var result = await cluster.Grain<IChatRoomGrain>(request.PicId).CreateAsync(chat);
        return result.Status switch
        {
            CreateChatStatus.Created or CreateChatStatus.Duplicate => TypedResults.Ok(
                new ChatCreatedResponse(true, result.Chat!.Content, result.Chat.ChatId, result.Chat.CreatedAt.UtcDateTime)),
            CreateChatStatus.ReceiverCannotSee => new Forbidden("The receiver cannot see this picture."),
            CreateChatStatus.Rejected => new InvalidRequest("The chat's text could not be stored as sent; nothing was stored."),
            _ => new PictureNotFound(),
        };
    }

    private static async Task<Results<Ok<ChatResponse>, ChatNotFound>> ReadAsync(ChatRequest request, Session session, IClusterClient cluster)
    {
        var chat = await cluster.Grain<IChatLookupGrain>(0).GetAsync(request.ChatId, session.UserId);
        return chat is null ? new ChatNotFound() : TypedResults.Ok(ChatResponse.From(chat));
    }

    private static async Task<Results<Ok<ChatPageResponse>, InvalidRequest, PictureNotFound>> ReadSeveralAsync(
        ChatsReadRequest request, Session session, IClusterClient cluster)
    {
        if (request is { Before: not null, After: not null })
        {
            return new InvalidRequest("Send 'before' or 'after', not both.");
        }

        var result = await cluster.Grain<IChatRoomGrain>(request.PicId).ReadPageAsync(session.UserId, request.Before, request.After, request.Limit);
        return result.Status switch
        {
            ChatPageStatus.Found => TypedResults.Ok(
                new ChatPageResponse(true, result.Page!.Chats.Select(ChatView.From).ToArray(), request.PicId, result.Page.NextBefore)),
            ChatPageStatus.CursorNotFound => new InvalidRequest($"'{(request.Before is null ? "after" : "before")}' is not a chat of this picture."),
            _ => new PictureNotFound(),
        };
    }

    private static async Task<Results<Ok<AckResponse>, ChatNotFound, Forbidden>> DeleteAsync(ChatRequest request, Session session, IClusterClient cluster)
    {
        return await cluster.Grain<IChatLookupGrain>(0).DeleteAsync(request.ChatId, session.UserId) switch
        {
            DeleteChatResult.Deleted => TypedResults.Ok(new AckResponse()),
            DeleteChatResult.NotAllowed => new Forbidden("Only the sender or the picture's owner may delete a chat."),
            _ => new ChatNotFound(),
        };
    }

    private static async Task<Results<ServerSentEventsResult<string>, PictureNotFound, InvalidRequest>> SubscribeAsync(
        SubscribeRequest request, [FromHeader(Name = "Last-Event-ID"), Description("On reconnect, the id of the last event received (browsers send it by themselves); wins over after.")] string? lastEventId, Session session, SubscriptionOpener subscriptions,
        HttpContext http)
    {
        if (await subscriptions.FindVisibleAsync(request.PicId, session) is not { } picture)
        {
            return new PictureNotFound();
        }

        // Resume point: the browser's Last-Event-ID on reconnect, else ?after=; without one, only new chats.
        EventCursor? resumeFrom = request.After is { } after ? new EventCursor(after, Deleted: false) : null;
        if (lastEventId is { Length: > 0 })
        {
            if (EventCursor.Parse(lastEventId) is not { } cursor)
            {
                return new InvalidRequest("'Last-Event-ID' must be an event id this stream sent.");
            }

            resumeFrom = cursor;
        }

        var (events, refusal) = await subscriptions.OpenAsync(picture, session, resumeFrom, http);
        if (refusal is not null)
        {
            return refusal;
        }

        return TypedResults.ServerSentEvents(events!);
    }
}
