using PicChat.Abstractions.Access;
using PicChat.Abstractions.Hosting;
using PicChat.Api.Auth;

namespace PicChat.Api.Cluster;

/// <summary>
/// Keeps this instance subscribed to the cluster's broadcast to API instances and applies each notice: ended
/// sessions to the <see cref="SessionCache"/>, changed reads to the <see cref="ReadCache"/>. Both are trusted
/// only while the subscription is known to be continuous.
/// </summary>
public sealed class InstanceNotices(IClusterClient cluster, SessionCache cache, ReadCache reads, ILogger<InstanceNotices> logger)
    : BackgroundService, IApiInstanceObserver
{
    /// <summary>Well inside the broadcaster's subscription lifetime, and the longest a missed ending can go unnoticed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    public Task SessionsEndedAsync(long userId, string? sessionHash)
    {
        cache.End(userId, sessionHash);
        return Task.CompletedTask;
    }

    public Task ReadsChangedAsync(ReadChange change)
    {
        reads.Changed(change);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = cluster.CreateObjectReference<IApiInstanceObserver>(this);
        var broadcaster = cluster.Grain<IApiInstancesGrain>(0);
        using var timer = new PeriodicTimer(RenewEvery);
        do
        {
            try
            {
                // Not subscribed until now means endings may have been missed: start over before trusting again.
                var continuous = await broadcaster.SubscribeAsync(self).WaitAsync(RenewEvery, stoppingToken);
                if (!continuous)
                {
                    (cache.Trusted, reads.Trusted) = (false, false);
                }

                (cache.Trusted, reads.Trusted) = (true, true);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                (cache.Trusted, reads.Trusted) = (false, false);
                logger.LogWarning(ex, "Cannot subscribe to the cluster's notices; every request asks the grains until it can");
            }

            cache.Sweep();
            reads.Sweep();
        }
        while (await WaitAsync(timer, stoppingToken));

        try
        {
            // Told on the way out, so no logout waits for an instance that is gone.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await broadcaster.UnsubscribeAsync(self).WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not unsubscribe from ended sessions while stopping");
        }

        (cache.Trusted, reads.Trusted) = (false, false);
        cluster.DeleteObjectReference<IApiInstanceObserver>(self);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
