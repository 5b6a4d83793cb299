using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Users;

/// <summary>Resolves the contract's user references (email or id) to users, through the grains.</summary>
public sealed class UserDirectory(IClusterClient cluster)
{
    public IUserGrain User(long userId) => cluster.GetGrain<IUserGrain>(userId);

    public IFriendListGrain Friends(long userId) => cluster.GetGrain<IFriendListGrain>(userId);

    public IEmailIndexGrain Email(string normalizedEmail) => cluster.GetGrain<IEmailIndexGrain>(normalizedEmail);

    /// <summary>The id the reference names, or null when no such user exists (never created, or destroyed).</summary>
    public async Task<long?> FindAsync(UserRef reference) => (await FindProfileAsync(reference))?.UserId;

    /// <summary>The profile of the user the reference names, or null when no such user exists.</summary>
    public async Task<UserProfile?> FindProfileAsync(UserRef reference)
    {
        // An email still points at a destroyed user until its clean-up ends, so both forms check the account.
        var id = reference.Id ?? await Email(reference.Email!).GetUserIdAsync();
        return id is { } userId ? await User(userId).GetProfileAsync() : null;
    }

    /// <summary>
    /// The contract's rule that the acting user is the session's user: that user's id when the reference names
    /// the session's user, else null (the handler answers <see cref="Forbidden.NotSelf"/>).
    /// </summary>
    public async Task<long?> SelfAsync(UserRef reference, Session session)
    {
        var isSelf = reference.Id is { } id
            ? id == session.UserId
            : await Email(reference.Email!).GetUserIdAsync() == session.UserId;
        return isSelf ? session.UserId : null;
    }
}
