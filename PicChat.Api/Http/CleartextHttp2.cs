using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PicChat.Api.Http;

/// <summary>
/// An optional second port that serves the same API over HTTP/2 only, in cleartext with prior knowledge (h2c),
/// for clients that carry many requests, above all many SSE subscriptions, over few connections.
/// Kestrel (.NET 10) cannot offer both protocols on one cleartext port: without TLS there is no ALPN to choose
/// by, so an Http1AndHttp2 endpoint speaks HTTP/1.1 to everyone and refuses a prior-knowledge client with
/// HTTP_1_1_REQUIRED (dotnet/aspnetcore#56984). The contract's port therefore stays HTTP/1.1 for curl and
/// browsers, and <c>PicChat:Http2Port</c> (0 or absent: off) adds this one on the same host(s).
/// </summary>
public static class CleartextHttp2
{
    public const string PortKey = "PicChat:Http2Port";

    /// <summary>
    /// Concurrent streams per connection; Kestrel's default is 100. One SSE subscription holds a stream for as
    /// long as it lasts, so a client (or a proxy) that multiplexes subscribers needs many: at 1000, 20,000
    /// subscribers take 20 connections instead of 200. Each stream still has HTTP/2's own flow control.
    /// </summary>
    public const int MaxStreamsPerConnection = 1000;

    /// <summary>
    /// Adds the HTTP/2 port to the API's urls (call it before anything else adds urls of its own, such as the
    /// dashboard's) and returns it, or 0 when it is off.
    /// </summary>
    public static int Configure(WebApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue(PortKey, 0);
        if (port <= 0)
        {
            return 0;
        }

        var urls = (builder.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var http2Urls = urls.Select(BindingAddress.Parse)
            .Where(address => address.Scheme == "http")
            .Select(address => $"http://{address.Host}:{port}")
            .Distinct()
            .ToArray();
        builder.WebHost.UseUrls([.. urls, .. http2Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection);
        return port;
    }

    /// <summary>Makes the endpoint HTTP/2-only if it is on the HTTP/2 port; false if it is another endpoint.</summary>
    public static bool TryApply(ListenOptions listen, int port)
    {
        if (port <= 0 || listen.IPEndPoint?.Port != port)
        {
            return false;
        }

        listen.Protocols = HttpProtocols.Http2;
        return true;
    }
}
