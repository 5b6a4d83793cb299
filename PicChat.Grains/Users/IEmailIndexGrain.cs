namespace PicChat.Grains.Users;

/// <summary>
/// The email-to-user index, one grain per normalized email. Because one grain owns each email, two
/// registrations of the same address are serialized and exactly one can win, on any number of silos.
/// </summary>
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates a user for this email with a new id, unless the email is taken.</summary>
    Task<RegisterResult> RegisterAsync(string passwordHash);

    /// <summary>The id of the user who owns this email, or null.</summary>
    Task<long?> GetUserIdAsync();

    /// <summary>Frees the email if <paramref name="userId"/> still owns it (called when the user is destroyed).</summary>
    Task ReleaseAsync(long userId);
}

[GenerateSerializer, Immutable, Alias("picchat.RegisterResult")]
public sealed record RegisterResult([property: Id(0)] bool Created, [property: Id(1)] long UserId);

[GenerateSerializer, Alias("picchat.EmailIndexState")]
public sealed class EmailIndexState
{
    /// <summary>The owner's id; 0 when the email is free.</summary>
    [Id(0)] public long UserId { get; set; }
}
