namespace PicChat.Abstractions.Access;

/// <summary>What a write changed that API instances may have remembered, told to them before the write is acknowledged.</summary>
[GenerateSerializer, Immutable, Alias("picchat.ReadChange")]
public readonly record struct ReadChange([property: Id(0)] ReadChangeKind Kind, [property: Id(1)] long Id);

[GenerateSerializer, Alias("picchat.ReadChangeKind")]
public enum ReadChangeKind
{
    /// <summary>A user's profile (updated, or the account destroyed); the id is the user's.</summary>
    Profile = 1,

    /// <summary>Whom a user's friend list shares with (a friend added or removed, the list cleared); the id is the list owner's.</summary>
    Friends = 2,

    /// <summary>A picture (deleted); the id is the picture's.</summary>
    Picture = 3,
}
