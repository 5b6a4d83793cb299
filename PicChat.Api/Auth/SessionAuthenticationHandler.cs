using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PicChat.Api.Http;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Auth;

/// <summary>
/// Authenticates every request by its bearer token or session cookie, asking the user's grain whether the
/// session is still open, so logout, password changes and destroy take effect on every API instance at once.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IClusterClient cluster) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PicChatSession";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!SessionTokens.TryParse(token, out var userId, out var hash)
            || !await cluster.GetGrain<IUserGrain>(userId).HasSessionAsync(hash))
        {
            return AuthenticateResult.Fail("The session is unknown, expired or ended.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(Session.UserIdClaim, userId.ToString()), new Claim(Session.SessionHashClaim, hash)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiResponses.WriteErrorAsync(Context, ApiError.Unauthenticated());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiResponses.WriteErrorAsync(Context, ApiError.Forbidden("This session may not do that."));

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
