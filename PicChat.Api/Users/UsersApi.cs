using Microsoft.AspNetCore.Http.HttpResults;
using PicChat.Api.Auth;
using PicChat.Api.Cluster;
using PicChat.Api.Docs;
using PicChat.Api.Http;
using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Users;

/// <summary>The contract's users section: accounts, sessions and profiles.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users").RequireAuthorization()
            .WithArea("Users", "Accounts, sessions and profiles. Register or log in to get a session token (also set as a cookie).");

        group.MapPost("/user-register", RegisterAsync).AllowAnonymous().RequireRateLimiting(AuthRateLimit.Policy)
            .WithName("userRegister").WithSummary("Create an account and open a session")
            .WithDescription("Creates an account for an email that has none and answers with the new user's id and a session token, "
                + "also set as the `picchat_session` cookie.");
        // Login has no per-address cap: guesses are limited by the failed-login limits, and CPU by the password
        // queue (503 + Retry-After when full), so a busy address (a NAT, a benchmark) is never throttled for success.
        group.MapPost("/user-login", LoginAsync).AllowAnonymous()
            .WithName("userLogin").WithSummary("Open a session")
            .WithDescription("Checks the email and password and answers with the user's id and a new session token, also set as the "
                + "`picchat_session` cookie. A wrong email and a wrong password get the same answer; repeated failures are rate limited.");
        group.MapPost("/user-logout", LogoutAsync)
            .WithName("userLogout").WithSummary("End the current session")
            .WithDescription("Ends the session the request was made with (other sessions of the user stay open) and clears the cookie.");
        group.MapPost("/user-password-update", UpdatePasswordAsync)
            .WithName("userPasswordUpdate").WithSummary("Change the password")
            .WithDescription("Changes the signed-in user's password after checking the old one, ends every session of the user and "
                + "answers with a fresh token. Wrong old passwords count against the same limits as failed logins.");
        group.MapPost("/user-info-update", UpdateInfoAsync)
            .WithName("userInfoUpdate").WithSummary("Update avatar and mobile")
            .WithDescription("Sets the signed-in user's avatar and mobile: an absent member leaves the field unchanged, an empty string "
                + "clears it. Answers with the updated profile.");
        group.MapDelete("/user-destroy", DestroyAsync)
            .WithName("userDestroy").WithSummary("Delete the account")
            .WithDescription("Deletes the signed-in user's account with its friend list, pictures and chats, removes the user from "
                + "every friend list and ends every session. The email may be registered again, as a new user.");
        group.MapGet("/user-info-read", ReadInfoAsync)
            .WithName("userInfoRead").WithSummary("Read a user's profile")
            .WithDescription("Any signed-in user may read any existing user's profile; the mobile is shown only to the user and to "
                + "the people that user has added as friends.");
        return group;
    }

    private static async Task<Results<Ok<SessionResponse>, InvalidRequest, WeakPassword, EmailTaken, InvalidCredentials>> RegisterAsync(
        RegisterRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        if (UserRules.CheckEmail(request.Email, out var email) is { } invalidEmail)
        {
            return invalidEmail;
        }

        if (UserRules.CheckPassword(request.Password) is { } weakPassword)
        {
            return weakPassword;
        }

        var result = await services.Cluster.Grain<IEmailIndexGrain>(email).RegisterAsync(await services.Passwords.HashAsync(request.Password, http.RequestAborted));
        if (!result.Created)
        {
            return new EmailTaken();
        }

        return await OpenSessionAsync(http, services.Cluster, result.UserId) is { } session ? TypedResults.Ok(session) : new InvalidCredentials();
    }

    private static async Task<Results<Ok<SessionResponse>, InvalidCredentials, RateLimited>> LoginAsync(
        LoginRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        var email = UserRef.NormalizeEmail(request.Email);

        // Throttling is per email, registered or not, so a 429 says nothing about whether the account exists.
        var attempt = await services.Throttle.BeginAsync(email, AuthRateLimit.ClientKey(http), http.RequestAborted);
        if (attempt.Refusal is { } refusal)
        {
            return refusal;
        }

        var outcome = LoginOutcome.Abandoned;
        try
        {
            var userId = email is null ? null : await services.Cluster.Grain<IEmailIndexGrain>(email).GetUserIdAsync();
            var hash = userId is { } id ? await services.Cluster.Grain<IUserGrain>(id).GetPasswordHashAsync() : null;
            outcome = await services.Passwords.VerifyAsync(hash, request.Password, http.RequestAborted) ? LoginOutcome.Succeeded : LoginOutcome.Failed;
            if (outcome == LoginOutcome.Failed)
            {
                return new InvalidCredentials();
            }

            return await OpenSessionAsync(http, services.Cluster, userId!.Value) is { } session ? TypedResults.Ok(session) : new InvalidCredentials();
        }
        finally
        {
            // A client that left before its answer learned nothing, so its guess does not count against anyone.
            await attempt.EndAsync(http.RequestAborted.IsCancellationRequested ? LoginOutcome.Abandoned : outcome);
        }
    }

    private static async Task<Ok<OkResponse>> LogoutAsync(NoParameters request, Session session, HttpContext http, IClusterClient cluster)
    {
        // Bound although logout takes no parameters, so a malformed body gets the same 4xx as anywhere else.
        _ = request;
        await cluster.Grain<IUserGrain>(session.UserId).CloseSessionAsync(session.SessionHash);
        Session.ClearCookie(http);
        return TypedResults.Ok(new OkResponse());
    }

    private static async Task<Results<Ok<TokenResponse>, Forbidden, WeakPassword, Unauthenticated, WrongOldPassword, RateLimited>> UpdatePasswordAsync(
        PasswordUpdateRequest request, Session session, HttpContext http, [AsParameters] AccountServices services)
    {
        if (await services.Cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        if (UserRules.CheckPassword(request.NewPassword) is { } weakPassword)
        {
            return weakPassword;
        }

        // Guessing the old password through a stolen session counts against the same budgets as logins.
        var user = services.Cluster.Grain<IUserGrain>(userId);
        if (await user.GetProfileAsync() is not { } profile)
        {
            return new Unauthenticated();
        }

        var attempt = await services.Throttle.BeginAsync(profile.Email, AuthRateLimit.ClientKey(http), http.RequestAborted);
        if (attempt.Refusal is { } refusal)
        {
            return refusal;
        }

        var outcome = LoginOutcome.Abandoned;
        string? hash;
        try
        {
            hash = await user.GetPasswordHashAsync();
            outcome = await services.Passwords.VerifyAsync(hash, request.OldPassword, http.RequestAborted) ? LoginOutcome.Succeeded : LoginOutcome.Failed;
        }
        finally
        {
            await attempt.EndAsync(http.RequestAborted.IsCancellationRequested ? LoginOutcome.Abandoned : outcome);
        }

        if (outcome != LoginOutcome.Succeeded)
        {
            return new WrongOldPassword();
        }

        var (token, sessionHash) = SessionTokens.Create(userId);
        if (!await user.ChangePasswordAsync(hash!, await services.Passwords.HashAsync(request.NewPassword, http.RequestAborted), sessionHash))
        {
            // Another request changed the password between our check and this write.
            return new WrongOldPassword();
        }

        Session.SetCookie(http, token);
        return TypedResults.Ok(new TokenResponse(token));
    }

    private static async Task<Results<Ok<UserResponse>, Forbidden, InvalidUrl, InvalidRequest, Unauthenticated>> UpdateInfoAsync(
        InfoUpdateRequest request, Session session, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        var avatar = request.Avatar?.Trim();
        var mobile = request.Mobile?.Trim();
        if (UserRules.CheckAvatar(avatar) is { } invalidAvatar)
        {
            return invalidAvatar;
        }

        if (UserRules.CheckMobile(mobile) is { } invalidMobile)
        {
            return invalidMobile;
        }

        var profile = await cluster.Grain<IUserGrain>(userId).UpdateInfoAsync(avatar, mobile);
        return profile is null ? new Unauthenticated() : TypedResults.Ok(new UserResponse(UserView.From(profile)));
    }

    private static async Task<Results<Ok<OkResponse>, Forbidden>> DestroyAsync(
        UserDestroyRequest request, Session session, HttpContext http, IClusterClient cluster)
    {
        if (await cluster.SelfAsync(request.UserId, session) is not { } userId)
        {
            return Forbidden.NotSelf();
        }

        await cluster.Grain<IUserGrain>(userId).DestroyAsync();
        Session.ClearCookie(http);
        return TypedResults.Ok(new OkResponse());
    }

    /// <summary>Here <c>userId</c> names the user to read, not the actor: any signed-in user may read any profile.</summary>
    private static async Task<Results<Ok<UserResponse>, UserNotFound>> ReadInfoAsync(
        UserInfoReadRequest request, Session session, IClusterClient cluster, ReadCache reads)
    {
        if (await cluster.FindProfileAsync(request.UserId, reads) is not { } profile)
        {
            return new UserNotFound();
        }

        var showMobile = await reads.SharesWithAsync(cluster, profile.UserId, session.UserId);
        return TypedResults.Ok(new UserResponse(UserView.From(profile, showMobile)));
    }

    /// <summary>A new session for the user, its cookie set; null when the account was destroyed meanwhile.</summary>
    private static async Task<SessionResponse?> OpenSessionAsync(HttpContext http, IClusterClient cluster, long userId)
    {
        var (token, hash) = SessionTokens.Create(userId);
        if (!await cluster.Grain<IUserGrain>(userId).OpenSessionAsync(hash))
        {
            return null;
        }

        Session.SetCookie(http, token);
        return new SessionResponse(userId, token);
    }
}

/// <summary>What the handlers that check passwords need.</summary>
public sealed record AccountServices(IClusterClient Cluster, Passwords Passwords, LoginThrottle Throttle);
