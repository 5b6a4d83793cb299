namespace PicChat.Grains.Users;

/// <summary>
/// Counts failed logins for one key (a client address, or an account as tried from one client address), for
/// every API instance at once. An attempt reserves its place before the password is checked, so parallel
/// guesses cannot all slip past the limit while the slow hash runs; the reservation turns into a failure, or
/// into nothing (success, or a request its client abandoned).
/// </summary>
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves one attempt if failures and attempts in flight stay within <paramref name="limit"/> per
    /// <paramref name="window"/>; otherwise says how long to wait.
    /// </summary>
    Task<LoginReservation> TryReserveAsync(int limit, TimeSpan window);

    /// <summary>Ends a reserved attempt: only <see cref="LoginOutcome.Failed"/> counts.</summary>
    Task CompleteAsync(Guid ticket, LoginOutcome outcome);

    /// <summary>Failures in the current window and attempts in flight (for operators and tests).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<LoginThrottleCounts> GetCountsAsync();
}

public enum LoginOutcome
{
    Failed,
    /// <summary>The right password: earlier failures under this key are forgotten.</summary>
    Succeeded,
    /// <summary>The client left before the answer, or the server failed: nothing was learned, nothing counts.</summary>
    Abandoned,
}

/// <summary>
/// A reserved attempt (<see cref="Ticket"/>), or the wait before the next one is allowed: because failures used up
/// the limit, or, when <see cref="Busy"/>, only because as many attempts as the limit are in flight right now.
/// </summary>
[GenerateSerializer, Immutable, Alias("picchat.LoginReservation")]
public sealed record LoginReservation([property: Id(0)] Guid? Ticket, [property: Id(1)] TimeSpan RetryAfter, [property: Id(2)] bool Busy = false);

[GenerateSerializer, Immutable, Alias("picchat.LoginThrottleCounts")]
public sealed record LoginThrottleCounts([property: Id(0)] int Failures, [property: Id(1)] int InFlight);
