namespace PicChat.Grains.Users;

/// <summary>Where an account is in its life; each case says which of <see cref="UserState"/>'s members mean anything.</summary>
[GenerateSerializer, Alias("picchat.UserLifecycle")]
public enum UserLifecycle
{
    /// <summary>The id was never registered: nothing is stored.</summary>
    None = 0,

    /// <summary>Registered and usable: every member holds the account.</summary>
    Registered = 1,

    /// <summary>
    /// Destroyed, but its pictures, chats, friend list or email may still be there; a reminder removes them. Only
    /// <see cref="UserState.Email"/> is kept, to free it last.
    /// </summary>
    Destroying = 2,

    /// <summary>Destroyed and cleaned up: a tombstone, so the id can never be registered again.</summary>
    Destroyed = 3,
}

/// <summary>What a <see cref="UserGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.UserState")]
public sealed class UserState
{
    // Ids 0, 1 and 8 held the flags Exists, Destroyed and CascadePending that Lifecycle replaced; rows of that
    // shape are read by Hosting/LegacyJsonState. Never reuse those ids.
    [Id(9)] public UserLifecycle Lifecycle { get; set; }
    [Id(2)] public string Email { get; set; } = "";
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public string? Avatar { get; set; }
    [Id(5)] public string? Mobile { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Open sessions: SHA-256 of the token's secret, mapped to when the session was opened.</summary>
    [Id(7)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];

    public bool IsRegistered => Lifecycle == UserLifecycle.Registered;
}
