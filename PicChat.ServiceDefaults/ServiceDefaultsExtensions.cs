using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PicChat.ServiceDefaults.Database;

namespace PicChat.ServiceDefaults;

/// <summary>Host wiring shared by the silo and the API.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The connection string name, as Aspire would wire it: <c>ConnectionStrings__picchat</c>.</summary>
    public const string ConnectionName = "picchat";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Applies PicChat's PostgreSQL schema at start-up; call before adding Orleans.</summary>
    public static IHostApplicationBuilder AddPicChatSchema(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<SchemaMigrationService>();
        return builder;
    }

    public static string GetPicChatConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No PostgreSQL connection string: set ConnectionStrings__{ConnectionName} (or run through PicChat.AppHost).");
}
