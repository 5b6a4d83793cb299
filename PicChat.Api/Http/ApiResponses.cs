namespace PicChat.Api.Http;

/// <summary>Writes the contract's error shape; the only code that does.</summary>
public static class ApiResponses
{
    public static Task WriteErrorAsync(HttpContext context, ApiError error, TimeSpan? retryAfter = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
        }

        var err = new ErrorBody(error.Code, error.Message);
        // The seed's ack-style areas carry ack on every answer, failures included.
        return HasAck(context.Request.Path)
            ? context.Response.WriteAsJsonAsync(new AckErrorResponse(false, err))
            : context.Response.WriteAsJsonAsync(new ErrorResponse(err));
    }

    private static bool HasAck(PathString path) =>
        path.StartsWithSegments("/chats") || path.StartsWithSegments("/pics");
}

public sealed record ErrorBody(string Code, string Message);

public sealed record ErrorResponse(ErrorBody Err);

public sealed record AckErrorResponse(bool Ack, ErrorBody Err);
