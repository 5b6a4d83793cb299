namespace PicChat.Api.Http;

/// <summary>
/// Why <see cref="ApiRequest"/> refused a request, kept on the request until the answer is written. Minimal
/// APIs answer a parameter that could not be bound with a bare 400 (routing is told never to throw instead,
/// see <see cref="Use"/>); the status-code page of that 400 writes this error.
/// </summary>
public sealed class RequestRefusal
{
    private RequestRefusal(ApiErrorResult error) => Error = error;

    public ApiErrorResult Error { get; }

    public static void Set(HttpContext context, ApiErrorResult error) => context.Features.Set(new RequestRefusal(error));

    /// <summary>The answer to a bare 400: the refusal's error, or the general one when nothing said why.</summary>
    public static ApiErrorResult Of(HttpContext context) => context.Features.Get<RequestRefusal>()?.Error ?? new InvalidRequest();

    /// <summary>Binding failures become a status to answer, not an exception to unwind (the Development default).</summary>
    public static IServiceCollection Use(IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
}
