using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using PicChat.Abstractions.Users;
using PicChat.Api.Http;
using PicChat.Api.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Auth;

/// <summary>
/// Failed-login limits, kept in the cluster so every API instance shares them, and keyed so that nobody can
/// lock an owner out: per client address across all accounts, and per account as tried from one client
/// address. An attacker guessing one account's password is stopped at their own address while the owner,
/// elsewhere, signs in as usual.
/// </summary>
public sealed class LoginThrottle(IClusterClient cluster, IOptions<AuthOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly int _perClient = options.Value.FailedLoginsPerClient;
    private readonly int _perAccount = options.Value.FailedLoginsPerAccountAndClient;

    /// <summary>
    /// Reserves an attempt before any password is checked; the caller must end it. A refused attempt (a limit is
    /// used up) carries the 429 to answer with. <paramref name="email"/> is null when it is not even an address:
    /// only the client's limit applies.
    /// </summary>
    public async Task<LoginAttempt> BeginAsync(string? email, string client, CancellationToken cancellationToken)
    {
        var byClient = cluster.Grain<ILoginThrottleGrain>($"client|{client}");
        var clientPlace = await ReserveAsync(byClient, _perClient, cancellationToken);
        if (clientPlace.Ticket is not { } clientTicket)
        {
            return clientPlace.Busy ? throw new PasswordsBusyException() : LoginAttempt.Refused(clientPlace.RetryAfter);
        }

        if (email is null)
        {
            return new LoginAttempt([(byClient, clientTicket)]);
        }

        // Client first in the key: an address never holds '|', so any email after it is unambiguous.
        var byAccount = cluster.Grain<ILoginThrottleGrain>($"account|{client}|{email}");
        LoginReservation accountPlace;
        try
        {
            accountPlace = await ReserveAsync(byAccount, _perAccount, cancellationToken);
        }
        catch
        {
            await byClient.CompleteAsync(clientTicket, LoginOutcome.Abandoned);
            throw;
        }

        if (accountPlace.Ticket is not { } accountTicket)
        {
            await byClient.CompleteAsync(clientTicket, LoginOutcome.Abandoned);
            return accountPlace.Busy ? throw new PasswordsBusyException() : LoginAttempt.Refused(accountPlace.RetryAfter);
        }

        return new LoginAttempt([(byClient, clientTicket), (byAccount, accountTicket)]);
    }

    /// <summary>How long an attempt waits for a place while others are in flight, before it is told 503.</summary>
    public static readonly TimeSpan MaxWaitForPlace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A place, or a refusal. While the places are taken only by attempts in flight (nothing failed yet), waits
    /// for one to free up, as the password queue itself would: a burst of right passwords is slowed, not refused.
    /// Pauses of 20, 40, 80, 160 ms, then 200 ms, until about <see cref="MaxWaitForPlace"/> has passed.
    /// </summary>
    private static readonly ResiliencePipeline<LoginReservation> WaitForPlace = new ResiliencePipelineBuilder<LoginReservation>()
        .AddRetry(new RetryStrategyOptions<LoginReservation>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Busy: true }),
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            UseJitter = false,
            // 300 ms for the first four pauses, then 200 ms each until 2 s have been waited: 4 + 9.
            MaxRetryAttempts = 13,
        })
        .Build();

    private static async Task<LoginReservation> ReserveAsync(ILoginThrottleGrain throttle, int limit, CancellationToken cancellationToken) =>
        await WaitForPlace.ExecuteAsync(async _ => await throttle.TryReserveAsync(limit, Window), cancellationToken);
}

/// <summary>A reserved login attempt, or a refused one (<see cref="Refusal"/>); <see cref="EndAsync"/> says how it went.</summary>
public sealed class LoginAttempt(IReadOnlyList<(ILoginThrottleGrain Throttle, Guid Ticket)> places)
{
    /// <summary>The 429 to answer with when a limit is used up; null when the attempt may go ahead.</summary>
    public RateLimited? Refusal { get; private init; }

    public static LoginAttempt Refused(TimeSpan? retryAfter) => new([]) { Refusal = new RateLimited { RetryAfter = retryAfter } };

    public async Task EndAsync(LoginOutcome outcome)
    {
        for (var i = 0; i < places.Count; i++)
        {
            // A success forgets the account's failures, never the client's: else anyone with an account of their
            // own could reset their address's budget between guesses at other accounts.
            var counted = i == 0 && outcome == LoginOutcome.Succeeded ? LoginOutcome.Abandoned : outcome;
            await places[i].Throttle.CompleteAsync(places[i].Ticket, counted);
        }
    }
}
