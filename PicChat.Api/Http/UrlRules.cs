namespace PicChat.Api.Http;

/// <summary>The contract's rules for the URLs that every area takes: avatars, pictures and voice chats.</summary>
public static class UrlRules
{
    public const int MaxLength = 2048;

    /// <summary><see cref="MaxLength"/> for <c>[Description]</c>s, which take constants only; a test keeps the two equal.</summary>
    public const string MaxLengthText = "2048";

    /// <summary>An absolute http(s) URL of at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsHttpUrl(string url) =>
        url.Length <= MaxLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
