using PicChat.Abstractions.Users;
using PicChat.Api.Auth;
using PicChat.Api.Cluster;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Http;

/// <summary>Resolves the contract's user references (email or id) to users, for every area's handlers.</summary>
public static class UserRefs
{
    /// <summary>The id the reference names, or null when no such user exists (never created, or destroyed).</summary>
    public static async Task<long?> FindUserIdAsync(this IGrainFactory grains, UserRef reference) =>
        (await grains.FindProfileAsync(reference))?.UserId;

    /// <summary>
    /// The profile of the user the reference names, or null when no such user exists; through
    /// <paramref name="reads"/> when given (a profile it remembers, or one it then remembers).
    /// </summary>
    public static async Task<UserProfile?> FindProfileAsync(this IGrainFactory grains, UserRef reference, ReadCache? reads = null)
    {
        // An email still points at a destroyed user until its clean-up ends, so both forms check the account.
        var id = reference.Id ?? await grains.Grain<IEmailIndexGrain>(reference.Email!).GetUserIdAsync();
        return id is not { } userId ? null
            : reads is not null ? await reads.ProfileAsync(grains, userId)
            : await grains.Grain<IUserGrain>(userId).GetProfileAsync();
    }

    /// <summary>
    /// The contract's rule that the acting user is the session's user: that user's id when the reference names
    /// the session's user, else null (the handler answers <see cref="Forbidden.NotSelf"/>).
    /// </summary>
    public static async Task<long?> SelfAsync(this IGrainFactory grains, UserRef reference, Session session)
    {
        var isSelf = reference.Id is { } id
            ? id == session.UserId
            : await grains.Grain<IEmailIndexGrain>(reference.Email!).GetUserIdAsync() == session.UserId;
        return isSelf ? session.UserId : null;
    }
}
