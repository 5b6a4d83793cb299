namespace PicChat.Abstractions.Users;

/// <summary>A reserved attempt (<see cref="Ticket"/>), or the wait before the next one is allowed.</summary>
[GenerateSerializer, Immutable, Alias("picchat.LoginReservation")]
public sealed record LoginReservation([property: Id(0)] Guid? Ticket, [property: Id(1)] TimeSpan RetryAfter);
