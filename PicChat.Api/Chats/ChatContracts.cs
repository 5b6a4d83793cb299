using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using PicChat.Abstractions;
using PicChat.Api.Http;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

// Parameters: what each endpoint reads (see ApiParameters), with the examples the OpenAPI document shows.

public sealed record ChatCreateRequest(
    [Description("A picture both users can see.")][Example(20)] long PicId,
    [Description("The signed-in user, the sender.")][Example(3)] UserRef FromUserId,
    [Description("The receiver, another user.")][Example(4)] UserRef ToUserId,
    [Description("\"text\" or \"voice\".")][Example("text")] string MsgType,
    [Description($"1 to {ChatRules.MaxContentLengthText} characters for a text chat; optional for a voice chat.")][Example("What a view!")] string? Content = null,
    [Description("A voice chat's recording: an absolute http(s) URL.")] string? VoiceUrl = null,
    [Description($"1 to {ChatRules.MaxClientMsgIdLengthText} characters; the same value from the same sender stores the chat once (safe retries).")][Example("c0ffee-1")] string? ClientMsgId = null)
    : ApiParameters<ChatCreateRequest>;

public sealed record ChatRequest([Example(1234)] long ChatId) : ApiParameters<ChatRequest>;

public sealed record ChatsReadRequest(
    [Example(20)] long PicId,
    [Description("Page size.")][Example(Limits.DefaultPageSize)][Range(1, Limits.MaxPageSize)] int Limit = Limits.DefaultPageSize,
    [Description("The chats just older than this chat (the previous page's nextBefore).")] long? Before = null,
    [Description("The chats just newer than this chat; not with before.")] long? After = null)
    : ApiParameters<ChatsReadRequest>;

public sealed record SubscribeRequest(
    [Example(20)] long PicId,
    [Description("Start after this chat (the Last-Event-ID header wins); without either, only new chats arrive.")] long? After = null)
    : ApiParameters<SubscribeRequest>;

// Answers.

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
