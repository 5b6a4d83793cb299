using PicChat.Api.Http;

namespace PicChat.Api.Pictures;

/// <summary>The contract's rules for the pictures section's fields: each check answers the error to send, or null.</summary>
public static class PictureRules
{
    public static InvalidUrl? CheckPicUrl(string url) => IsPicUrl(url)
        ? null
        : new InvalidUrl($"'picUrl' must be an absolute http(s) URL or a relative path, at most {UrlRules.MaxLength} characters.");

    /// <summary>
    /// An absolute http(s) URL, or a relative path such as the seed's <c>xxx/xxx/xxx</c>; at most
    /// <see cref="UrlRules.MaxLength"/> characters. Anything with another scheme (<c>javascript:</c>, <c>data:</c>),
    /// a scheme-relative <c>//host</c> form, backslashes, spaces or control characters is refused: clients put this
    /// in an <c>img src</c>, so it must not be able to point anywhere but where it says.
    /// </summary>
    private static bool IsPicUrl(string url)
    {
        if (url.Length is 0 or > UrlRules.MaxLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return false;
        }

        if (UrlRules.IsHttpUrl(url))
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
