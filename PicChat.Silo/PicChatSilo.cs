using Microsoft.Extensions.Hosting;
using PicChat.Grains.Hosting;
using PicChat.ServiceDefaults;

namespace PicChat.Silo;

/// <summary>The silo's whole set-up, shared by <c>Program</c> and the integration tests.</summary>
public static class PicChatSilo
{
    public static IHostApplicationBuilder AddPicChatSilo(this IHostApplicationBuilder builder)
    {
        builder.AddOrleansDefaults(silo: true);
        builder.AddServiceDefaults();
        builder.AddPicChatSchema();

        // Clustering, grain storage and endpoints all come from the "Orleans" configuration section.
        builder.UseOrleans(silo => silo.AddPicChatGrains()
            .AddPicChatPostgresStores(builder.Configuration.GetPicChatConnectionString()));
        return builder;
    }
}
