using Microsoft.AspNetCore.Identity;

namespace PicChat.Api.Users;

/// <summary>
/// Password hashing through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// salted), at OWASP's recommended 210,000 iterations. Runs on the API so grains never block on it.
/// </summary>
/// <remarks>
/// A hash is tens of milliseconds of CPU. Run on the thread pool, a burst of logins would hold every pool thread,
/// and the server would stop noticing anything else, even clients that already gave up. So hashes run on threads
/// of their own, at most one per core at a time; a request still waiting for its turn when its client leaves
/// never hashes at all.
/// </remarks>
public sealed class Passwords
{
    public const int Iterations = 210_000;

    private readonly PasswordHasher<Passwords> _hasher = new(Microsoft.Extensions.Options.Options.Create(
        new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3, IterationCount = Iterations }));

    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);

    // Verifying unknown emails against a real hash makes a failed login take the same time either way.
    private readonly Lazy<string> _decoy;

    public Passwords() => _decoy = new(() => _hasher.HashPassword(this, Guid.NewGuid().ToString()));

    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        RunAsync(() => _hasher.HashPassword(this, password), cancellationToken);

    public Task<bool> VerifyAsync(string? hash, string password, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            var result = _hasher.VerifyHashedPassword(this, hash ?? _decoy.Value, password);
            return hash is not null && result != PasswordVerificationResult.Failed;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _cores.Release();
        }
    }
}
