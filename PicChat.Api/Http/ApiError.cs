namespace PicChat.Api.Http;

/// <summary>A contract error as it goes on the wire: the HTTP status plus the <c>err</c> object's machine code and sentence.</summary>
/// <remarks>The contract's codes are the result types in <c>ApiErrors.cs</c>; this is what each of them writes.</remarks>
public sealed record ApiError(int Status, string Code, string Message)
{
    /// <summary>What the web server itself answers to a request it could not even parse; the status stays Kestrel's.</summary>
    public static ApiError ForServerRejection(int status) => status switch
    {
        400 => new InvalidRequest("The request line or headers are malformed (for example NUL, a control character or a raw non-ASCII byte in the URL).").Error,
        408 => new(408, "request_timeout", "The request was not received in time."),
        413 => new PayloadTooLarge().Error,
        414 => new(414, "uri_too_long", "The URL is longer than 8 KiB; send the parameters as a JSON body instead."),
        431 => new(431, "headers_too_large", "The request headers are larger than 32 KiB."),
        505 => new(400, "http_version_not_supported", "Use HTTP/1.1 or HTTP/2."),
        >= 500 => new InternalError().Error,
        _ => new(status, "invalid_request", "The request could not be read."),
    };
}
