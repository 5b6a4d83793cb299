namespace PicChat.Abstractions.Users;

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
