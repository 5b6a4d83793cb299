using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace PicChat.ServiceDefaults.Database;

/// <summary>
/// The connections PicChat opens itself (the chat log, the picture catalog, schema migrations, the health probe)
/// come from one <see cref="Npgsql.NpgsqlDataSource"/>, registered by Aspire's Npgsql integration with its
/// health check, tracing and metrics. Orleans' ADO.NET providers open theirs through the same connection string.
/// </summary>
public static class PicChatDataSource
{
    /// <summary>The name Aspire.Npgsql gives its health check.</summary>
    public const string HealthCheckName = "PostgreSql";

    /// <summary>A probe that waits longer than this says "down": a frozen server answers nothing.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Registers the data source from <c>ConnectionStrings:picchat</c>, which Aspire.Npgsql reads right here:
    /// call it after <see cref="Timeouts.AddPicChatDatabaseTimeouts"/>, so the budget's timeouts are in it.
    /// </summary>
    public static IHostApplicationBuilder AddPicChatDataSource(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ServiceDefaultsExtensions.ConnectionName);

        // Aspire's check comes untagged and without a time limit; PicChat's /health is the "ready" checks.
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(r => r.Name == HealthCheckName))
            {
                check.Tags.Add(ServiceDefaultsExtensions.ReadyTag);
                check.Timeout = HealthTimeout;
            }
        });
        return builder;
    }
}
