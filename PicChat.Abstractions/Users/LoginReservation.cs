namespace PicChat.Abstractions.Users;

/// <summary>
/// A reserved attempt (<see cref="Ticket"/>), or the wait before the next one is allowed: because failures used up
/// the limit, or, when <see cref="Busy"/>, only because as many attempts as the limit are in flight right now.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.LoginReservation")]
public sealed record LoginReservation([property: Id(0)] Guid? Ticket, [property: Id(1)] TimeSpan RetryAfter, [property: Id(2)] bool Busy = false);
