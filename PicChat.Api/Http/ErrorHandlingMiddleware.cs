using PicChat.Abstractions.Storage;

namespace PicChat.Api.Http;

/// <summary>
/// The one place that turns failures into contract responses (a request that cannot be read is refused as a
/// value, see <see cref="RequestRefusal"/>, and handlers return their expected failures as results); transport and
/// storage trouble becomes 503 when nothing changed, or 504 outcome_unknown when a write may have happened;
/// anything else is a bug (500, logged).
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    /// <summary>What this middleware may answer any request to an endpoint with (the OpenAPI document lists them).</summary>
    public static IEnumerable<ApiErrorMetadata> ErrorsFor(string method) => HttpMethods.IsGet(method)
        ? [ApiErrorMetadata.Of<PayloadTooLarge>(), ApiErrorMetadata.Of<Unavailable>()]
        : [ApiErrorMetadata.Of<PayloadTooLarge>(), ApiErrorMetadata.Of<Unavailable>(), ApiErrorMetadata.Of<OutcomeUnknown>()];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > PicChatApi.MaxBodyBytes)
        {
            // Refused before anything else and with Connection: close. Kestrel will not drain such a body, so a
            // response that left the body unread (a 401, say) would be followed by a dropped connection, and the
            // client's next request on it would fail with no answer.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            });
            await new PayloadTooLarge().ExecuteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var result = Map(ex, context.Request.Method);
            var error = result.Error;
            if (error.Status == StatusCodes.Status500InternalServerError)
            {
                logger.LogError(ex, "Request {Method} {Path} failed with {Code}", context.Request.Method, context.Request.Path, error.Code);
            }
            else if (error.Status >= 500 && ex is not Users.PasswordsBusyException) // overload is expected, and would flood the log
            {
                logger.LogWarning(ex, "Request {Method} {Path} failed with {Code}", context.Request.Method, context.Request.Path, error.Code);
            }

            await result.ExecuteAsync(context);
        }
    }

    private static ApiErrorResult Map(Exception ex, string method) => ex switch
    {
        BadHttpRequestException { StatusCode: 413 } => new PayloadTooLarge(),
        BadHttpRequestException bad => new InvalidRequest(bad.Message),
        // Overload, not failure: nothing was tried, and the client learns when a try is likely to succeed.
        Users.PasswordsBusyException => new Unavailable("Too many sign-ins at once on this server; nothing was changed. Retry after the Retry-After seconds.")
        {
            RetryAfter = Users.Passwords.RetryAfter,
        },
        _ => StorageFailures.Classify(ex) switch
        {
            // A read changes nothing, so for GET "unknown" is simply "unavailable".
            StorageFailureKind.OutcomeUnknown => HttpMethods.IsGet(method) ? new Unavailable() : new OutcomeUnknown(),
            // Bad data that no handler answered for is the storage's refusal, not the client's mistake to fix.
            StorageFailureKind.Unavailable or StorageFailureKind.Rejected => new Unavailable(),
            _ => new InternalError(),
        },
    };
}
