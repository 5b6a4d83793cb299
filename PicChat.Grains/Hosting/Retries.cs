using Microsoft.Extensions.Logging;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Clean-ups that must finish although they can fail half-way (storage trouble) are retried by an Orleans
/// reminder: stored in PostgreSQL, it fires on whichever silo owns the grain then, even after every silo
/// restarted, and reactivates the grain to finish the job.
/// </summary>
internal static class Retries
{
    /// <summary>The first retry comes soon; later ones at Orleans' shortest reminder period.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    public static Task EnsureAsync(Grain grain, string name) => grain.RegisterOrUpdateReminder(name, FirstRetry, Period);

    /// <summary>Removes the retry; if that fails, its next tick finds nothing left to do and tries again.</summary>
    public static async Task RemoveAsync(Grain grain, string name, ILogger logger)
    {
        try
        {
            if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Removing reminder {Reminder} of {Grain} failed; it will remove itself on its next tick", name, grain.GetGrainId());
        }
    }
}
