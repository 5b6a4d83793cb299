namespace PicChat.Abstractions.Chats;

/// <summary>What a sender asks to store.</summary>
[GenerateSerializer, Immutable, Alias("picchat.NewChat")]
public sealed record NewChat(
    [property: Id(0)] long FromUserId,
    [property: Id(1)] long ToUserId,
    [property: Id(2)] string MsgType,
    [property: Id(3)] string? Content,
    [property: Id(4)] string? VoiceUrl,
    [property: Id(5)] string? ClientMsgId);
