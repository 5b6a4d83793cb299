using Npgsql;

namespace PicChat.Api.Http;

/// <summary>
/// The one place that turns failures into contract responses: a request that cannot be read arrives as
/// <see cref="ApiException"/> (handlers return their expected failures as results instead); transport and
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
        ApiException api => api.Result,
        BadHttpRequestException { StatusCode: 413 } => new PayloadTooLarge(),
        BadHttpRequestException bad => new InvalidRequest(bad.Message),
        // Overload, not failure: nothing was tried, and the client learns when a try is likely to succeed.
        Users.PasswordsBusyException => new Unavailable("Too many sign-ins at once on this server; nothing was changed. Retry after the Retry-After seconds.")
        {
            RetryAfter = Users.Passwords.RetryAfter,
        },
        // A read changes nothing, so for GET "unknown" is simply "unavailable".
        _ when IsOutcomeUnknown(ex) => HttpMethods.IsGet(method) ? new Unavailable() : new OutcomeUnknown(),
        _ when IsTransient(ex) => new Unavailable(),
        _ => new InternalError(),
    };

    /// <summary>
    /// The call may have done its work: storage did not confirm a write in time, the grain call itself timed out
    /// (<see cref="TimeoutException"/> at the top: Orleans' response timeout), or the silo running it died.
    /// </summary>
    private static bool IsOutcomeUnknown(Exception? ex)
    {
        if (ex is TimeoutException)
        {
            return true;
        }

        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            if (ex is Abstractions.Storage.StorageOutcomeUnknownException or SiloUnavailableException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Storage and cluster trouble arrives wrapped (grain storage wraps Npgsql errors, Orleans wraps remote
    /// failures), so the whole chain is searched: if any link is a transport or storage failure, the request
    /// may be retried and nothing was acknowledged.
    /// </summary>
    private static bool IsTransient(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            if (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException
                or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
                or Orleans.Storage.InconsistentStateException or OperationCanceledException
                or Abstractions.Storage.StorageUnavailableException or Abstractions.Storage.StorageOutcomeUnknownException)
            {
                return true;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }

        return false;
    }
}
