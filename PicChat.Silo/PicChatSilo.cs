using Orleans.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using PicChat.Grains.Hosting;
using PicChat.ServiceDefaults;

namespace PicChat.Silo;

/// <summary>The silo's whole set-up, shared by <c>Program</c> and the integration tests.</summary>
public static class PicChatSilo
{
    /// <summary>
    /// A silo with its management endpoint: <c>/health</c> (PostgreSQL and cluster) and <c>/alive</c>, on loopback
    /// unless <c>urls</c> says otherwise. Its defaults are <c>PicChat.Silo/appsettings.json</c> (see <see cref="HostDefaults"/>).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PicChatSilo).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        builder.AddPicChatSilo();

        var app = builder.Build();
        app.MapPicChatHealth();
        return app;
    }

    /// <summary>
    /// A host that is one of PicChat's silos: this project's, and the API's when it hosts grains itself
    /// (<c>PicChat:Topology</c> = <c>CoHosted</c>). This project's defaults (grain storage, reminders, endpoints)
    /// go below whatever the host has read so far, so the API's own defaults win where both say something.
    /// </summary>
    public static IHostApplicationBuilder AddPicChatSilo(this IHostApplicationBuilder builder)
    {
        builder.AddHostDefaults(typeof(PicChatSilo).Assembly);
        builder.AddServiceDefaults();
        builder.AddPicChatSchema(typeof(PicChatGrainsExtensions).Assembly);

        // Clustering, grain storage, streams and endpoints all come from the "Orleans" configuration section.
        builder.UseOrleans(silo => silo.AddPicChatSilo());
        return builder;
    }

    /// <summary>The Orleans side of <see cref="AddPicChatSilo(IHostApplicationBuilder)"/>: grains, timeouts, stores, dashboard collectors.</summary>
    public static ISiloBuilder AddPicChatSilo(this ISiloBuilder silo) => silo.AddPicChatGrains()
        .Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = Timeouts.GrainCall)
        .Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = Timeouts.MembershipProbe;
            membership.IAmAliveTablePublishTimeout = Timeouts.MembershipHeartbeat;
        })
        .AddPicChatPostgresStores()
        // The dashboard's collectors; its pages are served by the API on a loopback-only port.
        .AddDashboard();
}
