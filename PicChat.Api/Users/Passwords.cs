using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PicChat.Api.Auth;

namespace PicChat.Api.Users;

/// <summary>
/// Password hashing through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// salted), at OWASP's recommended 210,000 iterations. Runs on the API so grains never block on it.
/// </summary>
/// <remarks>
/// A hash is tens of milliseconds of CPU. Run on the thread pool, a burst of logins would hold every pool thread,
/// and the server would stop noticing anything else, even clients that already gave up. So hashes run on threads
/// of their own, at most one per core at a time, and only a short queue waits for them: past it the server is
/// overloaded and says so at once (<see cref="PasswordsBusyException"/>, 503 with Retry-After) instead of letting
/// waits grow until clients time out. A request still queued when its client leaves never hashes at all.
/// </remarks>
public sealed class Passwords : IDisposable
{
    public const int Iterations = 210_000;

    /// <summary>Past a full queue a check is about this far away, so that is when to try again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly PasswordHasher<Passwords> _hasher = new(Options.Create(
        new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3, IterationCount = Iterations }));

    private readonly ConcurrencyLimiter _cores;

    // Verifying unknown emails against a real hash makes a failed login take the same time either way.
    private readonly Lazy<string> _decoy;

    public Passwords(IOptions<AuthOptions> options)
    {
        _cores = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Environment.ProcessorCount,
            QueueLimit = Environment.ProcessorCount * Math.Max(0, options.Value.PasswordQueuePerCore),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _decoy = new(() => _hasher.HashPassword(this, Guid.NewGuid().ToString()));
    }

    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        RunAsync(() => _hasher.HashPassword(this, password), cancellationToken);

    public Task<bool> VerifyAsync(string? hash, string password, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            var result = _hasher.VerifyHashedPassword(this, hash ?? _decoy.Value, password);
            return hash is not null && result != PasswordVerificationResult.Failed;
        }, cancellationToken);

    public void Dispose() => _cores.Dispose();

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        using var lease = await _cores.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new PasswordsBusyException();
        }

        return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
