using Orleans.Concurrency;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>
/// Reads profiles from the directory table. Each user's grain keeps its row current or missing: it removes the
/// row before a change and writes it after, and never lists a destroyed account. So a row found is the truth,
/// and only users without a row (registered before the directory, or whose last listing failed) are asked of
/// their grain, which lists them again for next time.
/// </summary>
[StatelessWorker]
public sealed class ProfileDirectoryGrain(IProfileDirectory directory) : Grain, IProfileDirectoryGrain
{
    public async Task<IReadOnlyList<UserProfile>> FindAsync(long[] userIds)
    {
        var found = await directory.FindAsync(userIds);
        var listed = found.Select(p => p.UserId).ToHashSet();
        var missing = userIds.Where(id => !listed.Contains(id)).Distinct().ToArray();
        if (missing.Length == 0)
        {
            return found;
        }

        var asked = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<IUserGrain>(id).ListProfileAsync()));
        return [.. found, .. asked.OfType<UserProfile>()];
    }
}
