namespace PicChat.Abstractions.Chats;

/// <summary>
/// One step of a picture's chat history, as published on the picture's stream and replayed from the log.
/// <see cref="Seq"/> numbers the picture's events without gaps, so a consumer can tell when it missed one.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] long Seq,
    [property: Id(1)] ChatEventKind Kind,
    [property: Id(2)] ChatMessage? Chat);
