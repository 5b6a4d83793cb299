using System.Net.Mail;

namespace PicChat.Api.Http;

/// <summary>A reference to a user as the contract allows it: a numeric id or an email (normalized).</summary>
public readonly record struct UserRef(long? Id, string? Email)
{
    public const int MaxEmailLength = 254;

    /// <summary><see cref="MaxEmailLength"/> for <c>[Description]</c>s, which take constants only.</summary>
    public const string MaxEmailLengthText = "254";

    public override string ToString() => Id?.ToString() ?? Email ?? "";

    /// <summary>
    /// Trimmed and lower-cased, or null when it is not a syntactically valid address. Registration stores this
    /// form and every reference is read in it, which is why both ask here.
    /// </summary>
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
}
