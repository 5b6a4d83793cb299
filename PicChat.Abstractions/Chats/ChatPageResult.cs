namespace PicChat.Abstractions.Chats;

/// <summary>A page of chats, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatPageResult")]
public sealed record ChatPageResult(
    [property: Id(0)] ChatPageStatus Status,
    [property: Id(1)] ChatPage? Page);
