using PicChat.Api.Http;
using PicChat.Api.Users;

namespace PicChat.Api.Chats;

/// <summary>The contract's rules for a chat's fields.</summary>
public static class ChatRules
{
    public const int MaxContentLength = 4000;
    public const int MaxClientMsgIdLength = 128;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Checks msgType, content and voiceUrl together; returns the values to store.</summary>
    public static (string MsgType, string? Content, string? VoiceUrl) Validate(string msgType, string? content, string? voiceUrl)
    {
        if (content is { Length: > MaxContentLength })
        {
            throw new ApiException(ApiError.InvalidRequest($"'content' must be at most {MaxContentLength} characters."));
        }

        switch (msgType)
        {
            case "text":
                if (string.IsNullOrEmpty(content))
                {
                    throw new ApiException(ApiError.InvalidRequest("A text chat needs 'content' (1 to 4000 characters)."));
                }

                if (voiceUrl is not null)
                {
                    throw new ApiException(ApiError.InvalidRequest("A text chat has no 'voiceUrl'; send msgType \"voice\" for voice messages."));
                }

                return (msgType, content, null);
            case "voice":
                if (voiceUrl is null || !UserRules.IsHttpUrl(voiceUrl))
                {
                    throw new ApiException(ApiError.InvalidUrl("A voice chat needs 'voiceUrl': an absolute http(s) URL of at most 2048 characters."));
                }

                return (msgType, string.IsNullOrEmpty(content) ? null : content, voiceUrl);
            default:
                throw new ApiException(ApiError.InvalidRequest("'msgType' must be \"text\" or \"voice\"."));
        }
    }

    public static string? ClientMsgId(string? clientMsgId) =>
        clientMsgId is null || (clientMsgId.Length is > 0 and <= MaxClientMsgIdLength && !clientMsgId.Any(char.IsControl))
            ? clientMsgId
            : throw new ApiException(ApiError.InvalidRequest($"'clientMsgId' must be 1 to {MaxClientMsgIdLength} characters."));
}
