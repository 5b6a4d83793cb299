using System.Net.Mail;

namespace PicChat.Api.Users;

/// <summary>The contract's rules for the users section's fields.</summary>
public static class UserRules
{
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 128;
    public const int MaxEmailLength = 254;
    public const int MaxUrlLength = 2048;

    /// <summary>Trimmed and lower-cased, or null when it is not a syntactically valid address.</summary>
    public static string? NormalizeEmail(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        if (normalized.Length is 0 or > MaxEmailLength || normalized.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var at = normalized.LastIndexOf('@');
        if (at <= 0 || at == normalized.Length - 1 || !normalized[(at + 1)..].Contains('.'))
        {
            return null;
        }

        return MailAddress.TryCreate(normalized, out var parsed) && parsed.Address == normalized ? normalized : null;
    }

    public static bool IsAcceptablePassword(string password) =>
        password.Length is >= MinPasswordLength and <= MaxPasswordLength;

    /// <summary>An absolute http(s) URL of at most 2048 characters.</summary>
    public static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrlLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>An optional leading '+', then 5 to 20 digits.</summary>
    public static bool IsMobile(string mobile)
    {
        var digits = mobile.StartsWith('+') ? mobile[1..] : mobile;
        return digits.Length is >= 5 and <= 20 && digits.All(char.IsAsciiDigit);
    }
}
