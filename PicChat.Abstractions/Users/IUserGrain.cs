namespace PicChat.Abstractions.Users;

/// <summary>
/// One user account, keyed by its numeric id: profile, password hash and open sessions. Passwords are hashed
/// and checked at the API edge, so no slow hashing ever runs on a grain's scheduler.
/// </summary>
public interface IUserGrain : IGrainWithIntegerKey
{
    /// <summary>How long a session stays valid after login; the client signs in again after that (the API's tokens say the same).</summary>
    static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    /// <summary>Creates the account; false if this id was ever used before.</summary>
    Task<bool> CreateAsync(string email, string passwordHash, DateTimeOffset createdAt);

    // Reads interleave: they touch no storage, and a register racing a destroy must not deadlock the two grains.
    /// <summary>The profile, or null when the account does not exist (never created, or destroyed).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>
    /// Writes the profile into the profile directory again, which had no listed row for it; one-way, so that a
    /// reader never waits behind this grain's work (a destroy's whole cascade). Not interleaved, so it never
    /// lists a change that is still being stored.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task RelistProfileAsync();

    /// <summary>The stored password hash, or null when the account does not exist.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<string?> GetPasswordHashAsync();

    /// <summary>Records a new session by the SHA-256 hash of its secret; false when the account does not exist.</summary>
    Task<bool> OpenSessionAsync(string sessionHash);

    /// <summary>
    /// When the open session ends by itself, or null when it is not open: the check behind every authenticated
    /// request, and what API instances remember.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<DateTimeOffset?> GetSessionEndAsync(string sessionHash);

    /// <summary>Ends one session (logout).</summary>
    Task CloseSessionAsync(string sessionHash);

    /// <summary>
    /// Replaces the password if the stored hash is still <paramref name="expectedHash"/> (the one the caller
    /// verified), ends every session and opens <paramref name="newSessionHash"/>; false if it changed meanwhile.
    /// </summary>
    Task<bool> ChangePasswordAsync(string expectedHash, string newHash, string newSessionHash);

    /// <summary>Updates avatar and mobile: null leaves a field unchanged, "" clears it.</summary>
    Task<UserProfile?> UpdateInfoAsync(string? avatar, string? mobile);

    /// <summary>Deletes the account and everything that belongs to it; false if it does not exist.</summary>
    Task<bool> DestroyAsync();
}
