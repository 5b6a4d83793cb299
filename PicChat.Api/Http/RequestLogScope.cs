using PicChat.Api.Auth;

namespace PicChat.Api.Http;

/// <summary>
/// Every log entry written while handling a request carries its request id and, once known, the user id.
/// Never the token, cookie or password: those stay out of logs entirely.
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var userId = context.User.FindFirst(Session.UserIdClaim)?.Value;
        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = context.TraceIdentifier, ["UserId"] = userId }))
        {
            await next(context);
        }
    }
}
