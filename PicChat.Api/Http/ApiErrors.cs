using System.Reflection;
using PicChat.Api.Users;
using Microsoft.AspNetCore.Http.Metadata;

namespace PicChat.Api.Http;

/// <summary>
/// The contract's error answer as a typed result: one type per status and code, so a handler's return type
/// (<c>Results&lt;Ok&lt;T&gt;, UserNotFound, ...&gt;</c>) says which errors it answers with, and the OpenAPI document
/// lists them from that type (<see cref="ApiErrorMetadata"/>).
/// </summary>
public abstract class ApiErrorResult : IResult, IStatusCodeHttpResult
{
    private protected ApiErrorResult(int status, string code, string message) => Error = new ApiError(status, code, message);

    public ApiError Error { get; }

    /// <summary>Sent as the Retry-After header, in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    int? IStatusCodeHttpResult.StatusCode => Error.Status;

    public Task ExecuteAsync(HttpContext httpContext) => ApiResponses.WriteErrorAsync(httpContext, Error, RetryAfter);
}

/// <summary>Declares its status and code to the endpoint it is returned from, for the OpenAPI document.</summary>
/// <remarks>The parameterless constructor gives the code's general meaning, which the document shows.</remarks>
public abstract class ApiErrorResult<TSelf>(int status, string code, string message) : ApiErrorResult(status, code, message), IEndpointMetadataProvider
    where TSelf : ApiErrorResult<TSelf>, new()
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(ApiErrorMetadata.Of<TSelf>());
}

/// <summary>An error an endpoint may answer with: its status, code and general meaning (a default message).</summary>
public sealed record ApiErrorMetadata(int Status, string Code, string Meaning)
{
    public static ApiErrorMetadata Of<T>() where T : ApiErrorResult, new() => Of(new T());

    public static ApiErrorMetadata Of(ApiErrorResult result) => new(result.Error.Status, result.Error.Code, result.Error.Message);
}

// 400

public sealed class InvalidRequest(string message) : ApiErrorResult<InvalidRequest>(400, "invalid_request", message)
{
    public InvalidRequest() : this("A parameter is missing, malformed, of the wrong type or out of range, or the body is not a JSON object of valid text.") { }
}

public sealed class InvalidUrl(string message) : ApiErrorResult<InvalidUrl>(400, "invalid_url", message)
{
    public InvalidUrl() : this($"A URL parameter is not an acceptable URL (at most {UrlRules.MaxLength} characters).") { }
}

public sealed class WeakPassword() : ApiErrorResult<WeakPassword>(400, "weak_password",
    $"The password must be {UserRules.MinPasswordLength} to {UserRules.MaxPasswordLength} characters long.");

// 401

public sealed class Unauthenticated() : ApiErrorResult<Unauthenticated>(401, "unauthenticated", "Sign in first: send a session token or cookie.");

public sealed class InvalidCredentials() : ApiErrorResult<InvalidCredentials>(401, "invalid_credentials", "The email or password is wrong.");

// 403

public sealed class Forbidden(string message) : ApiErrorResult<Forbidden>(403, "forbidden", message)
{
    public Forbidden() : this("The signed-in user may not do that.") { }

    /// <summary>The contract's rule that the acting user is the session's user.</summary>
    public static Forbidden NotSelf() => new("The user named in the request is not the signed-in user.");
}

/// <summary>A wrong old password on password update: 403, as the session itself is valid.</summary>
public sealed class WrongOldPassword() : ApiErrorResult<WrongOldPassword>(403, "invalid_credentials", "The email or password is wrong.");

// 404

public sealed class EndpointNotFound() : ApiErrorResult<EndpointNotFound>(404, "not_found", "No such endpoint.");

public sealed class UserNotFound() : ApiErrorResult<UserNotFound>(404, "user_not_found", "No such user.");

public sealed class FriendNotFound() : ApiErrorResult<FriendNotFound>(404, "friend_not_found", "That user is not on the friend list.");

public sealed class PictureNotFound() : ApiErrorResult<PictureNotFound>(404, "picture_not_found", "No such picture.");

public sealed class ChatNotFound() : ApiErrorResult<ChatNotFound>(404, "chat_not_found", "No such chat.");

// 405

public sealed class MethodNotAllowed() : ApiErrorResult<MethodNotAllowed>(405, "method_not_allowed", "This endpoint does not take that HTTP method.");

// 409

public sealed class EmailTaken() : ApiErrorResult<EmailTaken>(409, "email_taken", "That email is already registered.");

public sealed class FriendExists() : ApiErrorResult<FriendExists>(409, "friend_exists", "That user is already on the friend list.");

public sealed class FriendLimitReached() : ApiErrorResult<FriendLimitReached>(409, "friend_limit_reached", "The friend list is full; delete a friend first.");

// 413, 415, 429

public sealed class PayloadTooLarge() : ApiErrorResult<PayloadTooLarge>(413, "payload_too_large", "The request body is larger than 64 KiB.");

public sealed class UnsupportedMediaType() : ApiErrorResult<UnsupportedMediaType>(415, "unsupported_media_type", "Send the parameters as JSON (Content-Type: application/json).");

public sealed class RateLimited() : ApiErrorResult<RateLimited>(429, "rate_limited", "Too many attempts; try again later.");

// 5xx: never returned by handlers; ErrorHandlingMiddleware maps failures to them.

public sealed class InternalError() : ApiErrorResult<InternalError>(500, "internal_error", "Something went wrong on our side.");

public sealed class Unavailable(string message) : ApiErrorResult<Unavailable>(503, "unavailable", message)
{
    public Unavailable() : this("Storage or cluster is unavailable, or the server is overloaded; nothing was changed. Try again shortly.") { }
}

public sealed class OutcomeUnknown() : ApiErrorResult<OutcomeUnknown>(504, "outcome_unknown",
    "Storage or cluster did not answer in time, after the change may already have been made: read it back, or retry (a chat with the same clientMsgId is stored once).");
