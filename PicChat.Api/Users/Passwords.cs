using Microsoft.AspNetCore.Identity;

namespace PicChat.Api.Users;

/// <summary>
/// Password hashing through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// salted), at OWASP's recommended 210,000 iterations. Runs on the API so grains never block on it.
/// </summary>
public sealed class Passwords
{
    public const int Iterations = 210_000;

    private readonly PasswordHasher<Passwords> _hasher = new(Microsoft.Extensions.Options.Options.Create(
        new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3, IterationCount = Iterations }));

    // Verifying unknown emails against a real hash makes a failed login take the same time either way.
    private readonly Lazy<string> _decoy;

    public Passwords() => _decoy = new(() => Hash(Guid.NewGuid().ToString()));

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(this, hash ?? _decoy.Value, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
