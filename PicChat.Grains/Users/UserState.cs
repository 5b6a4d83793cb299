namespace PicChat.Grains.Users;

/// <summary>What a <see cref="UserGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.UserState")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    /// <summary>Set once the account is destroyed, so the id can never be created again.</summary>
    [Id(1)] public bool Destroyed { get; set; }
    [Id(2)] public string Email { get; set; } = "";
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public string? Avatar { get; set; }
    [Id(5)] public string? Mobile { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Open sessions: SHA-256 of the token's secret, mapped to when the session was opened.</summary>
    [Id(7)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];
    /// <summary>Destroyed, but pictures, chats or friend list may still be there; cleared once they are gone.</summary>
    [Id(8)] public bool CascadePending { get; set; }
}
