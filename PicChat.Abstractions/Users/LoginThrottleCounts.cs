namespace PicChat.Abstractions.Users;

/// <summary>Failures in the current window and attempts in flight under one throttle key.</summary>
[GenerateSerializer, Immutable, Alias("picchat.LoginThrottleCounts")]
public sealed record LoginThrottleCounts([property: Id(0)] int Failures, [property: Id(1)] int InFlight);
