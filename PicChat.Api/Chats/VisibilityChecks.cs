using System.Collections.Concurrent;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Chats;

/// <summary>
/// Whether a picture is still visible to a subscriber, for the re-checks of open subscriptions. Checks of one
/// viewer on one picture that overlap share one call to the picture's grain: subscriptions wake on one shared
/// clock, and one person may watch a picture from many tabs and devices. Nothing is remembered past the call,
/// so an answer is never older than the check that asked for it.
/// </summary>
public sealed class VisibilityChecks(IClusterClient cluster)
{
    private readonly ConcurrentDictionary<(long PicId, long ViewerId), Task<bool>> _pending = new();

    public Task<bool> IsVisibleAsync(long picId, long viewerId)
    {
        var key = (picId, viewerId);
        while (true)
        {
            if (_pending.TryGetValue(key, out var pending))
            {
                return pending;
            }

            var result = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_pending.TryAdd(key, result.Task))
            {
                _ = AskAsync(key, result);
                return result.Task;
            }
        }
    }

    private async Task AskAsync((long PicId, long ViewerId) key, TaskCompletionSource<bool> result)
    {
        try
        {
            result.SetResult(await cluster.Grain<IPictureGrain>(key.PicId).GetAsync(key.ViewerId) is not null);
        }
        catch (Exception ex)
        {
            result.SetException(ex);
        }
        finally
        {
            _pending.TryRemove(KeyValuePair.Create(key, result.Task));
        }
    }
}
