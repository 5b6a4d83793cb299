using PicChat.Api.Http;

namespace PicChat.Api.Chats;

/// <summary>The contract's rules for a chat's fields: each check answers the error to send, or null.</summary>
public static class ChatRules
{
    public const int MaxContentLength = 4000;
    public const string MaxContentLengthText = "4000";
    public const int MaxClientMsgIdLength = 128;
    public const string MaxClientMsgIdLengthText = "128";

    /// <summary>What is wrong with msgType and content together (a voice chat's URL aside), or null.</summary>
    public static InvalidRequest? CheckContent(string msgType, string? content, string? voiceUrl)
    {
        if (content is { Length: > MaxContentLength })
        {
            return new InvalidRequest($"'content' must be at most {MaxContentLength} characters.");
        }

        return msgType switch
        {
            "text" when string.IsNullOrEmpty(content) => new InvalidRequest($"A text chat needs 'content' (1 to {MaxContentLength} characters)."),
            "text" when voiceUrl is not null => new InvalidRequest("A text chat has no 'voiceUrl'; send msgType \"voice\" for voice messages."),
            "text" or "voice" => null,
            _ => new InvalidRequest("'msgType' must be \"text\" or \"voice\"."),
        };
    }

    /// <summary>A voice chat's URL must be an absolute http(s) URL; null when it is, or when the chat is not a voice chat.</summary>
    public static InvalidUrl? CheckVoiceUrl(string msgType, string? voiceUrl) =>
        msgType == "voice" && (voiceUrl is null || !UrlRules.IsHttpUrl(voiceUrl))
            ? new InvalidUrl($"A voice chat needs 'voiceUrl': an absolute http(s) URL of at most {UrlRules.MaxLength} characters.")
            : null;

    /// <summary>The content as stored: a voice chat's empty content is no content.</summary>
    public static string? StoredContent(string msgType, string? content) =>
        msgType == "voice" && string.IsNullOrEmpty(content) ? null : content;

    public static InvalidRequest? CheckClientMsgId(string? clientMsgId) =>
        clientMsgId is null || (clientMsgId.Length is > 0 and <= MaxClientMsgIdLength && !clientMsgId.Any(char.IsControl))
            ? null
            : new InvalidRequest($"'clientMsgId' must be 1 to {MaxClientMsgIdLength} characters.");
}
