using Orleans.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using PicChat.Grains.Hosting;
using PicChat.ServiceDefaults;

namespace PicChat.Silo;

/// <summary>The silo's whole set-up, shared by <c>Program</c> and the integration tests.</summary>
public static class PicChatSilo
{
    /// <summary>The silo's management endpoint (health only), on loopback unless <c>urls</c> says otherwise.</summary>
    public const string DefaultManagementUrl = "http://127.0.0.1:8090";

    /// <summary>A silo with its management endpoint: <c>/health</c> (PostgreSQL and cluster) and <c>/alive</c>.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PicChatSilo).Assembly.GetName().Name,
        });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["urls"] = DefaultManagementUrl },
        });
        configure?.Invoke(builder);
        builder.AddPicChatSilo();

        var app = builder.Build();
        app.MapPicChatHealth();
        return app;
    }

    public static IHostApplicationBuilder AddPicChatSilo(this IHostApplicationBuilder builder)
    {
        builder.AddOrleansDefaults(silo: true);
        builder.AddServiceDefaults();
        builder.AddPicChatSchema();

        // Clustering, grain storage, streams and endpoints all come from the "Orleans" configuration section.
        builder.UseOrleans(silo => silo.AddPicChatGrains()
            .Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = Timeouts.GrainCall)
            .Configure<ClusterMembershipOptions>(membership => membership.ProbeTimeout = Timeouts.MembershipProbe)
            .AddPicChatPostgresStores(builder.Configuration.GetPicChatConnectionString())
            // The dashboard's collectors; its pages are served by the API on a loopback-only port.
            .AddDashboard());
        return builder;
    }
}
