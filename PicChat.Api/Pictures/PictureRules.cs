using PicChat.Api.Users;

namespace PicChat.Api.Pictures;

/// <summary>The contract's rules for the pictures section's fields.</summary>
public static class PictureRules
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>
    /// An absolute http(s) URL, or a relative path such as the seed's <c>xxx/xxx/xxx</c>; at most 2048
    /// characters. Anything with another scheme (<c>javascript:</c>, <c>data:</c>), a scheme-relative
    /// <c>//host</c> form, backslashes, spaces or control characters is refused: clients put this in an
    /// <c>img src</c>, so it must not be able to point anywhere but where it says.
    /// </summary>
    public static bool IsPicUrl(string url)
    {
        if (url.Length is 0 or > UserRules.MaxUrlLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return false;
        }

        if (UserRules.IsHttpUrl(url))
        {
            return true;
        }

        // A relative reference has no scheme: no ':' before the first '/', '?' or '#'.
        var firstDelimiter = url.IndexOfAny(['/', '?', '#']);
        var head = firstDelimiter < 0 ? url : url[..firstDelimiter];
        return !head.Contains(':') && !url.StartsWith("//", StringComparison.Ordinal)
            && Uri.TryCreate(url, UriKind.Relative, out _);
    }
}
