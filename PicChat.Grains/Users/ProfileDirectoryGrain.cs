using Orleans.Concurrency;
using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Users;

/// <summary>
/// Reads profiles from the directory table. Each user's grain keeps its row current or unlisted: it unlists the
/// row before a change and lists it after, never lists a destroyed account, and versions every write so that a
/// late one loses. So a listed row is the truth, and only users without one (registered before the directory,
/// or whose last listing failed) are asked of their grain, which is also told to list them again.
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

        // The answer from the profile read, which interleaves; the listing waits its turn in the grain.
        var asked = await Task.WhenAll(missing.Select(async id =>
        {
            var user = GrainFactory.Grain<IUserGrain>(id);
            var profile = await user.GetProfileAsync();
            if (profile is not null)
            {
                await user.RelistProfileAsync();
            }

            return profile;
        }));
        return [.. found, .. asked.OfType<UserProfile>()];
    }
}
