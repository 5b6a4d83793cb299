using PicChat.Api.Http;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>The contract's chat object.</summary>
public sealed record ChatView(
    long ChatId, long PicId, long FromUserId, long ToUserId, string MsgType, string? Content, string? VoiceUrl, DateTime CreatedAt)
{
    public static ChatView From(ChatMessage chat) => new(
        chat.ChatId, chat.PicId, chat.FromUserId, chat.ToUserId, chat.MsgType, chat.Content, chat.VoiceUrl, chat.CreatedAt.UtcDateTime);
}

public sealed record ChatCreatedResponse(bool Ack, string? Content, long ChatId, DateTime CreatedAt, ErrorBody? Err = null);

/// <summary>read-chat: the chat's members at the top level, as the seed shows.</summary>
public sealed record ChatResponse(
    bool Ack, long ChatId, long PicId, long FromUserId, long ToUserId, string MsgType, string? Content, string? VoiceUrl,
    DateTime CreatedAt, ErrorBody? Err = null)
{
    public static ChatResponse From(ChatMessage chat) => new(
        true, chat.ChatId, chat.PicId, chat.FromUserId, chat.ToUserId, chat.MsgType, chat.Content, chat.VoiceUrl, chat.CreatedAt.UtcDateTime);
}

public sealed record ChatPageResponse(bool Ack, IReadOnlyList<ChatView> Chats, long PicId, long? NextBefore, ErrorBody? Err = null);

/// <summary>The data of a <c>deleted</c> event on the subscription.</summary>
public sealed record ChatDeletedView(long ChatId, long PicId);
