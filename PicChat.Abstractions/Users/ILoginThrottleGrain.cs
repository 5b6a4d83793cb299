namespace PicChat.Abstractions.Users;

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
