using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PicChat.Api.Auth;

/// <summary>
/// Session tokens look like <c>{userId}.{secret}</c>: the id says which user grain holds the session, the
/// secret is 256 random bits. Only the secret's SHA-256 is stored, so a leaked database opens no session.
/// </summary>
public static class SessionTokens
{
    public const string CookieName = "picchat_session";
    public static readonly TimeSpan Lifetime = PicChat.Abstractions.Users.IUserGrain.SessionLifetime;

    public static (string Token, string Hash) Create(long userId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{userId}.{secret}", Hash(secret));
    }

    public static bool TryParse(string token, out long userId, [NotNullWhen(true)] out string? hash)
    {
        userId = 0;
        hash = null;
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot > 16 || token.Length - dot - 1 != 43
            || !long.TryParse(token.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out userId) || userId <= 0)
        {
            return false;
        }

        hash = Hash(token[(dot + 1)..]);
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
