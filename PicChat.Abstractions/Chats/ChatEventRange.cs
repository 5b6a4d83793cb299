namespace PicChat.Abstractions.Chats;

/// <summary>
/// The events with seq in (after, <see cref="ThroughSeq"/>]. Some seqs in that range may have no event (a chat
/// created and deleted since); a reader that got this range has seen everything up to ThroughSeq.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.ChatEventRange")]
public sealed record ChatEventRange(
    [property: Id(0)] IReadOnlyList<ChatEvent> Events,
    [property: Id(1)] long ThroughSeq);
