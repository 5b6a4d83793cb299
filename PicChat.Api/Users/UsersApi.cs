using PicChat.Api.Docs;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Http;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Users;

/// <summary>The contract's users section: accounts, sessions and profiles.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users").WithTags("Users").RequireAuthorization();

        group.MapPost("/user-register", RegisterAsync).AllowAnonymous().RequireRateLimiting(AuthRateLimit.Policy)
            .Documented("Create an account and open a session", new RegisterRequest("121927532@qq.com", "123456"), 400, 409);
        group.MapPost("/user-login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthRateLimit.Policy)
            .Documented("Open a session", new LoginRequest("121927532@qq.com", "123456"), 400);
        group.MapPost("/user-logout", LogoutAsync).Documented("End the current session", new NoParameters());
        group.MapPost("/user-password-update", UpdatePasswordAsync)
            .Documented("Change the password; ends every session and answers a fresh token", new PasswordUpdateRequest("3", "123456", "better-secret"), 400, 403);
        group.MapPost("/user-info-update", UpdateInfoAsync)
            .Documented("Update avatar and mobile (absent: unchanged, empty: cleared)", new InfoUpdateRequest("3", "https://img.example.com/me.png", "+8615902094760"), 400, 403);
        group.MapDelete("/user-destroy", DestroyAsync)
            .Documented("Delete the account with its friend list, pictures and chats", new UserIdRequest("3"), 400, 403);
        group.MapGet("/user-info-read", ReadInfoAsync)
            .Documented("Read any user's profile (the mobile only for the user and the people they added as friends)", new UserIdRequest("121927532@qq.com"), 400, 404);
        return group;
    }

    private static async Task<Ok<SessionResponse>> RegisterAsync(ApiRequest request, HttpContext http, UserDirectory users, Passwords passwords)
    {
        var email = UserRules.NormalizeEmail(request.RequiredString("email"))
            ?? throw new ApiException(ApiError.InvalidRequest("'email' is not a valid email address (at most 254 characters)."));
        var password = request.RequiredString("password");
        if (!UserRules.IsAcceptablePassword(password))
        {
            throw new ApiException(ApiError.WeakPassword());
        }

        var result = await users.Email(email).RegisterAsync(await passwords.HashAsync(password, http.RequestAborted));
        if (!result.Created)
        {
            throw new ApiException(ApiError.EmailTaken());
        }

        return await OpenSessionAsync(http, users, result.UserId);
    }

    private static async Task<Ok<SessionResponse>> LoginAsync(
        ApiRequest request, HttpContext http, UserDirectory users, Passwords passwords, LoginThrottle throttle)
    {
        var email = UserRules.NormalizeEmail(request.RequiredString("email"));
        var password = request.RequiredString("password");

        // Throttling is per email, registered or not, so a 429 says nothing about whether the account exists.
        var attempt = await throttle.BeginAsync(email, AuthRateLimit.ClientKey(http));
        var outcome = LoginOutcome.Abandoned;
        try
        {
            var userId = email is null ? null : await users.Email(email).GetUserIdAsync();
            var hash = userId is { } id ? await users.User(id).GetPasswordHashAsync() : null;
            outcome = await passwords.VerifyAsync(hash, password, http.RequestAborted) ? LoginOutcome.Succeeded : LoginOutcome.Failed;
            if (outcome == LoginOutcome.Failed)
            {
                throw new ApiException(ApiError.InvalidCredentials());
            }

            return await OpenSessionAsync(http, users, userId!.Value);
        }
        finally
        {
            // A client that left before its answer learned nothing, so its guess does not count against anyone.
            await attempt.EndAsync(http.RequestAborted.IsCancellationRequested ? LoginOutcome.Abandoned : outcome);
        }
    }

    private static async Task<Ok<OkResponse>> LogoutAsync(ApiRequest request, HttpContext http, ClaimsPrincipal principal, UserDirectory users)
    {
        // Bound although logout takes no parameters, so a malformed body gets the same 4xx as anywhere else.
        _ = request;
        var session = Session.From(principal);
        await users.User(session.UserId).CloseSessionAsync(session.SessionHash);
        Session.ClearCookie(http);
        return TypedResults.Ok(new OkResponse());
    }

    private static async Task<Ok<TokenResponse>> UpdatePasswordAsync(
        ApiRequest request, HttpContext http, ClaimsPrincipal principal, UserDirectory users, Passwords passwords, LoginThrottle throttle)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var oldPassword = request.RequiredString("oldPassword");
        var newPassword = request.RequiredString("newPassword");
        if (!UserRules.IsAcceptablePassword(newPassword))
        {
            throw new ApiException(ApiError.WeakPassword());
        }

        // Guessing the old password through a stolen session counts against the same budgets as logins.
        var user = users.User(userId);
        var profile = await user.GetProfileAsync() ?? throw new ApiException(ApiError.Unauthenticated());
        var attempt = await throttle.BeginAsync(profile.Email, AuthRateLimit.ClientKey(http));
        var outcome = LoginOutcome.Abandoned;
        string? hash;
        try
        {
            hash = await user.GetPasswordHashAsync();
            outcome = await passwords.VerifyAsync(hash, oldPassword, http.RequestAborted) ? LoginOutcome.Succeeded : LoginOutcome.Failed;
        }
        finally
        {
            await attempt.EndAsync(http.RequestAborted.IsCancellationRequested ? LoginOutcome.Abandoned : outcome);
        }

        if (outcome != LoginOutcome.Succeeded)
        {
            throw new ApiException(ApiError.InvalidCredentials(403));
        }

        var (token, sessionHash) = SessionTokens.Create(userId);
        if (!await user.ChangePasswordAsync(hash!, await passwords.HashAsync(newPassword, http.RequestAborted), sessionHash))
        {
            // Another request changed the password between our check and this write.
            throw new ApiException(ApiError.InvalidCredentials(403));
        }

        Session.SetCookie(http, token);
        return TypedResults.Ok(new TokenResponse(token));
    }

    private static async Task<Ok<UserResponse>> UpdateInfoAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        var avatar = request.OptionalString("avatar")?.Trim();
        var mobile = request.OptionalString("mobile")?.Trim();
        if (avatar is { Length: > 0 } && !UserRules.IsHttpUrl(avatar))
        {
            throw new ApiException(ApiError.InvalidUrl("'avatar' must be an absolute http(s) URL of at most 2048 characters."));
        }

        if (mobile is { Length: > 0 } && !UserRules.IsMobile(mobile))
        {
            throw new ApiException(ApiError.InvalidRequest("'mobile' must be 5 to 20 digits, optionally after a '+'."));
        }

        var profile = await users.User(userId).UpdateInfoAsync(avatar, mobile) ?? throw new ApiException(ApiError.Unauthenticated());
        return TypedResults.Ok(new UserResponse(UserView.From(profile)));
    }

    private static async Task<Ok<OkResponse>> DestroyAsync(ApiRequest request, HttpContext http, ClaimsPrincipal principal, UserDirectory users)
    {
        var userId = await users.RequireSelfAsync(request.RequiredUser("userId"), Session.From(principal));
        await users.User(userId).DestroyAsync();
        Session.ClearCookie(http);
        return TypedResults.Ok(new OkResponse());
    }

    /// <summary>Here <c>userId</c> names the user to read, not the actor: any signed-in user may read any profile.</summary>
    private static async Task<Ok<UserResponse>> ReadInfoAsync(ApiRequest request, ClaimsPrincipal principal, UserDirectory users)
    {
        var readerId = Session.From(principal).UserId;
        var userId = await users.FindAsync(request.RequiredUser("userId")) ?? throw new ApiException(ApiError.UserNotFound());
        var profile = users.User(userId).GetProfileAsync();
        var showMobile = userId == readerId || await users.Friends(userId).ContainsAsync(readerId);
        return TypedResults.Ok(new UserResponse(UserView.From(await profile ?? throw new ApiException(ApiError.UserNotFound()), showMobile)));
    }

    private static async Task<Ok<SessionResponse>> OpenSessionAsync(HttpContext http, UserDirectory users, long userId)
    {
        var (token, hash) = SessionTokens.Create(userId);
        if (!await users.User(userId).OpenSessionAsync(hash))
        {
            // The account was destroyed between the password check and now.
            throw new ApiException(ApiError.InvalidCredentials());
        }

        Session.SetCookie(http, token);
        return TypedResults.Ok(new SessionResponse(userId, token));
    }
}
