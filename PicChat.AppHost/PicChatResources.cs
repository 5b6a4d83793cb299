// WithoutHttpsCertificate is an evaluation API; without it the dashboard warns about a development certificate
// that nothing here uses (every endpoint is plain http on loopback).
#pragma warning disable ASPIRECERTIFICATES001

using Aspire.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using PicChat.AppHost.Postgres;

namespace PicChat.AppHost;

/// <summary>PicChat's own resource helpers: the parts of the AppHost that Aspire's integrations do not cover.</summary>
public static class PicChatResources
{
    public const string DatabaseName = "picchat";

    /// <summary>
    /// The <c>picchat</c> database: the server named by <c>ConnectionStrings__picchat</c> when one is given, else a
    /// private PostgreSQL server (resource <c>postgres</c>) with its data in the settings' data folder.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPicChatDatabase(this IDistributedApplicationBuilder builder,
        PicChatSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseName)))
        {
            return builder.AddConnectionString(DatabaseName).AsOrleansAdoNetProvider();
        }

        var server = builder.AddLocalPostgres("postgres", Path.Combine(settings.DataDirectory!, "postgres"),
            settings.PostgresPort, settings.PostgresStopWait);
        return server.AddDatabase(DatabaseName).AsOrleansAdoNetProvider();
    }

    /// <summary>
    /// A process that is one of the cluster's silos (a plain silo, or the API when it hosts grains itself): its
    /// Orleans endpoints on fixed ports, grain storage and reminders in the database, which it waits for.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsSilo(this IResourceBuilder<ProjectResource> process,
        OrleansService orleans, IResourceBuilder<IResourceWithConnectionString> database, (int Silo, int Gateway) ports) =>
        process.WithReference(orleans)
            .WithStableOrleansEndpoints(ports.Silo, ports.Gateway)
            .WithOrleansAdoNetSettings(orleans, database, silo: true)
            .WithLoopbackAdvertising()
            .WithReference(database)
            .WaitFor(database);

    /// <summary>Silos advertise 127.0.0.1 when run here: every process of a local cluster is on this machine.</summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackAdvertising(this IResourceBuilder<ProjectResource> silo) =>
        silo.ApplicationBuilder.ExecutionContext.IsRunMode
            ? silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
            : silo;

    /// <summary>
    /// The silo's Orleans endpoints on fixed ports instead of the ones Aspire picks anew each run. After a crash the
    /// membership table still lists the dead silos as active; a silo that starts on the same address and port with
    /// a newer generation marks its dead predecessor dead at once (Orleans' own rule), so the restarted cluster
    /// neither probes ghosts nor offers them to clients as gateways.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStableOrleansEndpoints(this IResourceBuilder<ProjectResource> silo,
        int siloPort, int gatewayPort) =>
        silo.WithEndpoint("orleans-silo", endpoint => Pin(endpoint, siloPort))
            .WithEndpoint("orleans-gateway", endpoint => Pin(endpoint, gatewayPort));

    private static void Pin(EndpointAnnotation endpoint, int port)
    {
        // Not proxied: silos and clients reach each other at the advertised address, never through Aspire's proxy.
        endpoint.IsProxied = false;
        endpoint.Port = port;
        endpoint.TargetPort = port;
    }

    /// <summary>A silo's management endpoint (<c>/health</c>, <c>/alive</c>) on a port Aspire picks.</summary>
    public static IResourceBuilder<ProjectResource> WithManagementEndpoint(this IResourceBuilder<ProjectResource> silo) =>
        silo.WithHttpEndpoint(name: "http")
            .WithUrlForEndpoint("http", url =>
            {
                url.Url = url.Url.TrimEnd('/') + "/health";
                url.DisplayText = "health";
            })
            .WithHttpHealthCheck("/health")
            .WithoutHttpsCertificate();

    /// <summary>The API on http://localhost:{port}, the contract's address, with links to its reference page.</summary>
    public static IResourceBuilder<ProjectResource> WithPublicHttpEndpoint(this IResourceBuilder<ProjectResource> api, int port) =>
        api.WithHttpEndpoint(port: port, name: "http", isProxied: false)
            .WithUrlForEndpoint("http", url => url.DisplayText = "API")
            .WithUrl(Url($"http://localhost:{port}/docs"), "API reference")
            .WithHttpHealthCheck("/health")
            // Plain http on loopback locally; TLS belongs to whatever fronts the API in a deployment.
            .WithoutHttpsCertificate();

    /// <summary>
    /// The API's HTTP/2-only cleartext port (0: off). The API binds it itself, beside its public endpoint: Kestrel
    /// cannot serve prior-knowledge HTTP/2 and HTTP/1.1 on one cleartext port, and browsers cannot open this one,
    /// so it gets no link.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttp2Port(this IResourceBuilder<ProjectResource> api, int port) =>
        api.WithEnvironment("PicChat__Http2Port", port.ToString());

    /// <summary>The Orleans Dashboard, which the API serves on a port of its own bound to 127.0.0.1 (0: off).</summary>
    public static IResourceBuilder<ProjectResource> WithOrleansDashboard(this IResourceBuilder<ProjectResource> api, int port)
    {
        api.WithEnvironment("PicChat__Dashboard__Port", port.ToString());
        return port > 0 ? api.WithUrl(Url($"http://127.0.0.1:{port}/dashboard/"), "Orleans Dashboard") : api;
    }

    // A plain string: an interpolated one would bind to WithUrl's ReferenceExpression overload.
    private static string Url(string url) => url;
}
