using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Called by a grain after a write is stored and before it answers: every API instance forgets what the write
/// changed (profiles, friend sets, pictures it remembered), so no instance answers from before an acknowledged
/// write. The state is the truth; should the broadcast fail, instances forget within their cache's lifetime,
/// and one that missed it learns so at its next renewal, as with ended sessions.
/// </summary>
public static class ReadChanges
{
    public static async Task TellApiInstancesAsync(this IGrainFactory grains, ReadChange change, ILogger logger)
    {
        try
        {
            await grains.Grain<IApiInstancesGrain>(0).ReadsChangedAsync(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Telling API instances that {Kind} {Id} changed failed", change.Kind, change.Id);
        }
    }
}
