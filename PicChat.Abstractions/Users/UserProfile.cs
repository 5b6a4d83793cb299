namespace PicChat.Abstractions.Users;

/// <summary>A user's public profile as the contract's <c>user</c> object shows it.</summary>
[GenerateSerializer, Immutable, Alias("picchat.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] long UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string? Avatar,
    [property: Id(3)] string? Mobile,
    [property: Id(4)] DateTimeOffset CreatedAt)
{
    /// <summary>The profile as seen by someone who may not see the private mobile number.</summary>
    public UserProfile WithoutPrivateFields() => this with { Mobile = null };
}
