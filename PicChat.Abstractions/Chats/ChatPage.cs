namespace PicChat.Abstractions.Chats;

/// <summary>A page of chats, oldest first, and the cursor of the next older page (null when there is none).</summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatPage")]
public sealed record ChatPage(
    [property: Id(0)] IReadOnlyList<ChatMessage> Chats,
    [property: Id(1)] long? NextBefore);
