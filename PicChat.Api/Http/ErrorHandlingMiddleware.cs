using Npgsql;

namespace PicChat.Api.Http;

/// <summary>
/// The one place that turns failures into contract responses: expected ones arrive as
/// <see cref="ApiException"/>, transport and storage trouble becomes 503, anything else is a bug (500, logged).
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (error, retryAfter) = Map(ex);
            if (error.Status >= 500)
            {
                logger.LogError(ex, "Request {Method} {Path} failed with {Code}", context.Request.Method, context.Request.Path, error.Code);
            }

            await ApiResponses.WriteErrorAsync(context, error, retryAfter);
        }
    }

    private static (ApiError, TimeSpan?) Map(Exception ex) => ex switch
    {
        ApiException api => (api.Error, api.RetryAfter),
        BadHttpRequestException { StatusCode: 413 } => (ApiError.PayloadTooLarge(), null),
        BadHttpRequestException bad => (ApiError.InvalidRequest(bad.Message), null),
        SiloUnavailableException or OrleansMessageRejectionException
            or TimeoutException or NpgsqlException => (ApiError.Unavailable(), null),
        OrleansException { InnerException: { } inner } => Map(inner),
        _ => (ApiError.Internal(), null),
    };
}
