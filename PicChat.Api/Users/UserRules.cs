using PicChat.Api.Http;

namespace PicChat.Api.Users;

/// <summary>The contract's rules for the users section's fields: each check answers the error to send, or null.</summary>
public static class UserRules
{
    public const int MinPasswordLength = 6;
    public const string MinPasswordLengthText = "6";
    public const int MaxPasswordLength = 128;
    public const string MaxPasswordLengthText = "128";
    public const int MinMobileDigits = 5;
    public const string MinMobileDigitsText = "5";
    public const int MaxMobileDigits = 20;
    public const string MaxMobileDigitsText = "20";

    /// <summary>The address in its stored form (<see cref="UserRef.NormalizeEmail"/>) in <paramref name="normalized"/>, or why not.</summary>
    public static InvalidRequest? CheckEmail(string email, out string normalized)
    {
        normalized = UserRef.NormalizeEmail(email) ?? "";
        return normalized.Length > 0
            ? null
            : new InvalidRequest($"'email' is not a valid email address (at most {UserRef.MaxEmailLength} characters).");
    }

    public static WeakPassword? CheckPassword(string password) =>
        password.Length is >= MinPasswordLength and <= MaxPasswordLength ? null : new WeakPassword();

    /// <summary>An avatar to set (absent or empty: nothing to check) must be an absolute http(s) URL.</summary>
    public static InvalidUrl? CheckAvatar(string? avatar) =>
        avatar is { Length: > 0 } && !UrlRules.IsHttpUrl(avatar)
            ? new InvalidUrl($"'avatar' must be an absolute http(s) URL of at most {UrlRules.MaxLength} characters.")
            : null;

    /// <summary>A mobile to set (absent or empty: nothing to check): an optional leading '+', then the digits.</summary>
    public static InvalidRequest? CheckMobile(string? mobile)
    {
        if (mobile is not { Length: > 0 })
        {
            return null;
        }

        var digits = mobile.StartsWith('+') ? mobile[1..] : mobile;
        return digits.Length is >= MinMobileDigits and <= MaxMobileDigits && digits.All(char.IsAsciiDigit)
            ? null
            : new InvalidRequest($"'mobile' must be {MinMobileDigits} to {MaxMobileDigits} digits, optionally after a '+'.");
    }
}
