using System.Reflection;
using System.Security.Claims;

namespace PicChat.Api.Auth;

/// <summary>
/// The authenticated caller: whose session it is, and which session (for logout). A handler of an endpoint
/// that requires a session takes it as a parameter.
/// </summary>
public sealed record Session(long UserId, string SessionHash) : IBindableFromHttpContext<Session>
{
    public const string UserIdClaim = "picchat:user_id";
    public const string SessionHashClaim = "picchat:session";

    public static Session From(ClaimsPrincipal principal) => new(
        long.Parse(principal.FindFirstValue(UserIdClaim) ?? throw new InvalidOperationException("No session on this request.")),
        principal.FindFirstValue(SessionHashClaim)!);

    public static ValueTask<Session?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Session?>(From(context.User));

    public static void SetCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(SessionTokens.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
            MaxAge = SessionTokens.Lifetime,
        });

    public static void ClearCookie(HttpContext context) =>
        context.Response.Cookies.Delete(SessionTokens.CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Lax });
}
