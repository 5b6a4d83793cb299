namespace PicChat.Abstractions.Chats;

/// <summary>What sending a chat did, with the stored chat when there is one.</summary>
[GenerateSerializer, Immutable, Alias("picchat.CreateChatResult")]
public sealed record CreateChatResult(
    [property: Id(0)] CreateChatStatus Status,
    [property: Id(1)] ChatMessage? Chat);
