using System.Net;
using Orleans.Dashboard;

namespace PicChat.Api.Cluster;

/// <summary>
/// The Orleans Dashboard, served by the API on its own port bound to loopback (default
/// http://127.0.0.1:8081/dashboard/). It shows grains and silos to whoever can reach it, so it never shares
/// the public API port: requests for it on any other port get 404, and the API is not served on its port.
/// <c>PicChat:Dashboard:Port</c> = 0 turns it off.
/// </summary>
public sealed class DashboardEndpoint
{
    public const string PortKey = "PicChat:Dashboard:Port";
    public const int DefaultPort = 8081;
    public const string Path = "/dashboard";

    private readonly int _port;

    private DashboardEndpoint(int port) => _port = port;

    public static DashboardEndpoint Configure(WebApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue(PortKey, DefaultPort);
        if (port > 0)
        {
            var urls = builder.Configuration["urls"];
            builder.WebHost.UseUrls([.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries), $"http://{IPAddress.Loopback}:{port}"]);
        }

        return new DashboardEndpoint(port);
    }

    /// <summary>Keeps the dashboard and the API apart by the port a request arrived on.</summary>
    public void Use(WebApplication app)
    {
        if (_port <= 0)
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            var onDashboardPort = context.Connection.LocalPort == _port;
            var forDashboard = context.Request.Path.StartsWithSegments(Path);
            if (onDashboardPort != forDashboard && !(onDashboardPort && context.Request.Path == "/"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (onDashboardPort && context.Request.Path == "/")
            {
                context.Response.Redirect(Path + "/");
                return;
            }

            await next(context);
        });
    }

    public void Map(WebApplication app)
    {
        if (_port > 0)
        {
            // Not part of the API contract, so kept out of the OpenAPI document.
            app.MapOrleansDashboard(Path).ExcludeFromDescription();
        }
    }
}
