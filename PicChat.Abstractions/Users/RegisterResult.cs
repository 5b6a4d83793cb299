namespace PicChat.Abstractions.Users;

/// <summary>Whether a registration created the user, and the id of the user who owns the email now.</summary>
[GenerateSerializer, Immutable, Alias("picchat.RegisterResult")]
public sealed record RegisterResult([property: Id(0)] bool Created, [property: Id(1)] long UserId);
