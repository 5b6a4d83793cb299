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
        return AckMetadata.IsDeclaredBy(context.GetEndpoint())
            ? context.Response.WriteAsJsonAsync(new AckErrorResponse(false, err))
            : context.Response.WriteAsJsonAsync(new ErrorResponse(err));
    }
}

/// <summary>
/// Marks an endpoint of the seed's ack-style areas: its every answer carries <c>ack</c>, failures included
/// (<c>ack: false</c>). Requests that match no endpoint (unknown paths, wrong methods) declare nothing.
/// </summary>
public sealed class AckMetadata
{
    public static readonly AckMetadata Instance = new();

    private AckMetadata()
    {
    }

    public static bool IsDeclaredBy(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<AckMetadata>() is not null;
}

public static class AckEndpointExtensions
{
    /// <summary>Every answer of these endpoints carries <c>ack</c>: <c>true</c> on success, <c>false</c> with an error.</summary>
    public static TBuilder WithAck<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AckMetadata.Instance);
}

public sealed record ErrorBody(string Code, string Message);

public sealed record ErrorResponse(ErrorBody Err);

public sealed record AckErrorResponse(bool Ack, ErrorBody Err);
