using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Storage;

namespace PicChat.Grains.Users;

/// <summary>
/// Reentrant: notices (ended sessions, changed reads) are independent of each other and each waits for every
/// instance's answer, so one slow instance must not hold up every other logout or write. The set of subscribers
/// is stored whenever it changes (renewals change nothing), so an activation that replaces this one (its silo
/// stopped or died) tells every known instance from its first notice; an instance it did not know learns so at
/// its next renewal ("not subscribed") and drops what it remembered.
/// </summary>
[Reentrant]
public sealed class ApiInstancesGrain(
    [PersistentState("instances", StorageNames.PicChat)] IPersistentState<ApiInstancesState> state,
    ILogger<ApiInstancesGrain> logger) : Grain, IApiInstancesGrain
{
    // Reentrant calls may change the set while a write is in flight: one write at a time, each of the set as it is then.
    private readonly SemaphoreSlim _writing = new(1, 1);

    // Instances restored from storage are told from the first notice, but a notice may have been lost with the
    // activation before: each one's first renewal here answers "not subscribed", so it drops what it remembered.
    private readonly HashSet<IApiInstanceObserver> _renewedHere = [];

    /// <summary>An instance that has not renewed for this long is forgotten (they renew every few seconds).</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<IApiInstanceObserver> _observers = new(SubscriptionLifetime, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in state.State.Instances)
        {
            _observers.Subscribe(instance, instance);
        }

        return Task.CompletedTask;
    }

    public async Task<bool> SubscribeAsync(IApiInstanceObserver observer)
    {
        var known = _observers.Observers.ContainsKey(observer);
        var renewed = !_renewedHere.Add(observer);
        _observers.Subscribe(observer, observer);
        var before = _observers.Count;
        _observers.ClearExpired(); // instances gone without unsubscribing (a crash), no longer stored
        _renewedHere.RemoveWhere(instance => !_observers.Observers.ContainsKey(instance));
        if (!known || _observers.Count != before)
        {
            await StoreInstancesAsync();
        }

        return known && renewed;
    }

    /// <summary>
    /// How long an instance has to confirm an ending. One that is gone without unsubscribing (a crash) costs the
    /// next logout this long once, then is dropped; it stays well inside the caller's grain-call timeout.
    /// </summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromSeconds(1);

    public async Task UnsubscribeAsync(IApiInstanceObserver observer)
    {
        _observers.Unsubscribe(observer);
        _renewedHere.Remove(observer);
        await StoreInstancesAsync();
    }

    public Task EndSessionsAsync(long userId, string? sessionHash) =>
        TellEveryInstanceAsync(observer => observer.SessionsEndedAsync(userId, sessionHash), "an ended session");

    public Task ReadsChangedAsync(ReadChange change) =>
        TellEveryInstanceAsync(observer => observer.ReadsChangedAsync(change), "a changed read");

    private async Task TellEveryInstanceAsync(Func<IApiInstanceObserver, Task> notice, string what)
    {
        var dropped = 0;
        await Task.WhenAll(_observers.ToList().Select(async observer =>
        {
            try
            {
                await notice(observer).WaitAsync(ConfirmWithin);
            }
            catch (Exception ex)
            {
                // Dropped, so that its next renewal is answered "not subscribed" and it forgets all it remembers.
                logger.LogWarning(ex, "An API instance did not confirm {Notice}; it is unsubscribed", what);
                _observers.Unsubscribe(observer);
                _renewedHere.Remove(observer);
                Interlocked.Increment(ref dropped);
            }
        }));

        if (dropped > 0)
        {
            await StoreInstancesAsync();
        }
    }

    private async Task StoreInstancesAsync()
    {
        await _writing.WaitAsync();
        try
        {
            state.State.Instances = [.. _observers];
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A stale etag (another activation wrote meanwhile, in a membership change) or a failed write: take the
                // stored version, then write this set once more; should that fail too, the caller hears of it.
                await state.ReadStateAsync();
                state.State.Instances = [.. _observers];
                await state.WriteStateAsync();
            }
        }
        finally
        {
            _writing.Release();
        }
    }
}
