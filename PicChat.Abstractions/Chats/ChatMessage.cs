namespace PicChat.Abstractions.Chats;

/// <summary>A stored chat: the contract's chat members plus its position in the picture's sequence.</summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] long ChatId,
    [property: Id(1)] long PicId,
    [property: Id(2)] long Seq,
    [property: Id(3)] long FromUserId,
    [property: Id(4)] long ToUserId,
    [property: Id(5)] string MsgType,
    [property: Id(6)] string? Content,
    [property: Id(7)] string? VoiceUrl,
    [property: Id(8)] DateTimeOffset CreatedAt);
