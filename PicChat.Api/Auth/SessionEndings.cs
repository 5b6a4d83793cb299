using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Auth;

/// <summary>
/// Keeps this instance subscribed to the cluster's broadcast of ended sessions and applies each one to the
/// <see cref="SessionCache"/>. The cache is trusted only while the subscription is known to be continuous.
/// </summary>
public sealed class SessionEndings(IClusterClient cluster, SessionCache cache, ILogger<SessionEndings> logger)
    : BackgroundService, ISessionObserver
{
    /// <summary>Well inside the broadcaster's subscription lifetime, and the longest a missed ending can go unnoticed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    public Task SessionsEndedAsync(long userId, string? sessionHash)
    {
        cache.End(userId, sessionHash);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = cluster.CreateObjectReference<ISessionObserver>(this);
        var broadcaster = cluster.Grain<ISessionRevocationsGrain>(0);
        using var timer = new PeriodicTimer(RenewEvery);
        do
        {
            try
            {
                // Not subscribed until now means endings may have been missed: start over before trusting again.
                var continuous = await broadcaster.SubscribeAsync(self).WaitAsync(RenewEvery, stoppingToken);
                if (!continuous)
                {
                    cache.Trusted = false;
                }

                cache.Trusted = true;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                cache.Trusted = false;
                logger.LogWarning(ex, "Cannot subscribe to ended sessions; every request asks the user's grain until it can");
            }

            cache.Sweep();
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

        cache.Trusted = false;
        cluster.DeleteObjectReference<ISessionObserver>(self);
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
