using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PicChat.Api.Http;
using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Auth;

/// <summary>
/// Authenticates every request by its bearer token or session cookie. Whether the session is open is the user
/// grain's to say; this instance remembers its answers for a while (<see cref="SessionCache"/>), and every
/// instance forgets a session before its logout, password change or destroy is answered.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IClusterClient cluster,
    SessionCache sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PicChatSession";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!SessionTokens.TryParse(token, out var userId, out var hash) || !await IsOpenAsync(userId, hash))
        {
            return AuthenticateResult.Fail("The session is unknown, expired or ended.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(Session.UserIdClaim, userId.ToString()), new Claim(Session.SessionHashClaim, hash)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        new Unauthenticated().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        new Forbidden("This session may not do that.").ExecuteAsync(Context);

    private Task<bool> IsOpenAsync(long userId, string hash) =>
        sessions.IsOpenAsync(cluster.Grain<IUserGrain>(userId), userId, hash);

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Cookies.TryGetValue(SessionTokens.CookieName, out var cookie) ? cookie : null;
    }
}
