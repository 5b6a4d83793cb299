using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace PicChat.ServiceDefaults.Database;

/// <summary>
/// The connections PicChat opens itself (the chat log, the picture catalog, schema migrations) come from one
/// <see cref="NpgsqlDataSource"/>, registered by Aspire's Npgsql integration with its tracing and metrics.
/// Orleans' ADO.NET providers open theirs through the same connection string.
/// </summary>
public static class PicChatDataSource
{
    public const string HealthCheckName = "postgres";

    /// <summary>A probe that waits longer than this says "down": a frozen server answers nothing.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Registers the data source from <c>ConnectionStrings:picchat</c>, which Aspire.Npgsql reads right here:
    /// call it after <see cref="Timeouts.AddPicChatDatabaseTimeouts"/>, so the budget's timeouts are in it.
    /// </summary>
    public static IHostApplicationBuilder AddPicChatDataSource(this IHostApplicationBuilder builder)
    {
        // Aspire's own health check probes through the application's pool. After PostgreSQL restarts, every idle
        // pooled connection is dead until used, so it would report "down" once per idle connection with the
        // server back; and under load a probe would wait behind the requests. The same check (HealthChecks.NpgSql,
        // which Aspire uses) on a connection of its own, opened fresh for each probe, has neither problem.
        builder.AddNpgsqlDataSource(ServiceDefaultsExtensions.ConnectionName, settings => settings.DisableHealthChecks = true);
        builder.Services.AddHealthChecks().AddNpgSql(
            services => new NpgsqlConnectionStringBuilder(services.GetRequiredService<IConfiguration>().GetPicChatConnectionString())
            {
                ApplicationName = "picchat-health",
                Timeout = (int)HealthTimeout.TotalSeconds,
                Pooling = false,
            }.ConnectionString,
            name: HealthCheckName, tags: [ServiceDefaultsExtensions.ReadyTag], timeout: HealthTimeout);
        return builder;
    }
}
