namespace PicChat.Api.Http;

/// <summary>A contract error: the HTTP status plus the <c>err</c> object's machine code and sentence.</summary>
public sealed record ApiError(int Status, string Code, string Message)
{
    public static ApiError InvalidRequest(string message) => new(400, "invalid_request", message);
    public static ApiError InvalidUrl(string message) => new(400, "invalid_url", message);
    public static ApiError WeakPassword() => new(400, "weak_password", "The password must be 6 to 128 characters long.");
    public static ApiError Unauthenticated() => new(401, "unauthenticated", "Sign in first: send a session token or cookie.");
    public static ApiError InvalidCredentials(int status = 401) => new(status, "invalid_credentials", "The email or password is wrong.");
    public static ApiError Forbidden(string message) => new(403, "forbidden", message);
    public static ApiError NotFound() => new(404, "not_found", "No such endpoint.");
    public static ApiError UserNotFound() => new(404, "user_not_found", "No such user.");
    public static ApiError FriendNotFound() => new(404, "friend_not_found", "That user is not on the friend list.");
    public static ApiError ChatNotFound() => new(404, "chat_not_found", "No such chat.");
    public static ApiError PictureNotFound() => new(404, "picture_not_found", "No such picture.");
    public static ApiError FriendExists() => new(409, "friend_exists", "That user is already on the friend list.");
    public static ApiError FriendLimitReached() => new(409, "friend_limit_reached", "The friend list is full; delete a friend first.");
    public static ApiError MethodNotAllowed() => new(405, "method_not_allowed", "This endpoint does not take that HTTP method.");
    public static ApiError EmailTaken() => new(409, "email_taken", "That email is already registered.");
    public static ApiError PayloadTooLarge() => new(413, "payload_too_large", "The request body is larger than 64 KiB.");
    public static ApiError UnsupportedMediaType() => new(415, "unsupported_media_type", "Send the parameters as JSON (Content-Type: application/json).");
    public static ApiError RateLimited() => new(429, "rate_limited", "Too many attempts; try again later.");
    public static ApiError Unavailable() => new(503, "unavailable", "Storage or cluster is unavailable; nothing was changed. Try again shortly.");
    public static ApiError OutcomeUnknown() => new(504, "outcome_unknown",
        "Storage or cluster did not answer in time, after the change may already have been made: read it back, or retry (a chat with the same clientMsgId is stored once).");
    public static ApiError Internal() => new(500, "internal_error", "Something went wrong on our side.");

    /// <summary>What the web server itself answers to a request it could not even parse; the status stays Kestrel's.</summary>
    public static ApiError ForServerRejection(int status) => status switch
    {
        400 => InvalidRequest("The request line or headers are malformed (for example NUL, a control character or a raw non-ASCII byte in the URL)."),
        408 => new(408, "request_timeout", "The request was not received in time."),
        413 => PayloadTooLarge(),
        414 => new(414, "uri_too_long", "The URL is longer than 8 KiB; send the parameters as a JSON body instead."),
        431 => new(431, "headers_too_large", "The request headers are larger than 32 KiB."),
        505 => new(400, "http_version_not_supported", "Use HTTP/1.1 or HTTP/2."),
        >= 500 => Internal(),
        _ => new(status, "invalid_request", "The request could not be read."),
    };
}

/// <summary>Thrown anywhere in request handling to answer with <see cref="Error"/>; see <c>ErrorHandlingMiddleware</c>.</summary>
public sealed class ApiException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;

    /// <summary>Extra response headers, such as Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
