using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>
/// Not reentrant: reserving is a check and an increment that must not interleave. Counts live in memory; the
/// activation is kept while it holds failures, so only a silo crash ends a throttle early.
/// </summary>
public sealed class LoginThrottleGrain(TimeProvider time) : Grain, ILoginThrottleGrain
{
    /// <summary>A reservation whose API instance died without completing it stops counting after this.</summary>
    private static readonly TimeSpan MaxAttemptDuration = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Dictionary<Guid, DateTimeOffset> _inFlight = [];
    private TimeSpan _window = TimeSpan.FromMinutes(15);

    public Task<LoginReservation> TryReserveAsync(int limit, TimeSpan window)
    {
        _window = window;
        var now = time.GetUtcNow();
        Prune(now);
        if (_failures.Count >= limit)
        {
            // The wait ends when the oldest failure leaves the window.
            return Task.FromResult(new LoginReservation(null, _failures.Peek() + _window - now));
        }

        if (_failures.Count + _inFlight.Count >= limit)
        {
            // Attempts in flight count, so a burst cannot check more passwords than the limit allows; but nothing
            // failed yet, so this is overload (try again in a moment), not a throttle.
            return Task.FromResult(new LoginReservation(null, TimeSpan.FromSeconds(1), Busy: true));
        }

        var ticket = Guid.NewGuid();
        _inFlight[ticket] = now;
        return Task.FromResult(new LoginReservation(ticket, TimeSpan.Zero));
    }

    public Task CompleteAsync(Guid ticket, LoginOutcome outcome)
    {
        if (!_inFlight.Remove(ticket))
        {
            return Task.CompletedTask;
        }

        switch (outcome)
        {
            case LoginOutcome.Failed:
                _failures.Enqueue(time.GetUtcNow());
                DelayDeactivation(_window);
                break;
            case LoginOutcome.Succeeded:
                _failures.Clear();
                break;
        }

        return Task.CompletedTask;
    }

    public Task<LoginThrottleCounts> GetCountsAsync()
    {
        Prune(time.GetUtcNow());
        return Task.FromResult(new LoginThrottleCounts(_failures.Count, _inFlight.Count));
    }

    private void Prune(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.Peek() >= _window)
        {
            _failures.Dequeue();
        }

        foreach (var (ticket, started) in _inFlight.Where(a => now - a.Value >= MaxAttemptDuration).ToArray())
        {
            _inFlight.Remove(ticket);
        }
    }
}
