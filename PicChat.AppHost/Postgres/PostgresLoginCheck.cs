using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PicChat.AppHost.Postgres;

/// <summary>Healthy when the server accepts a login and answers a query (a running process alone is not enough).</summary>
internal sealed class PostgresLoginCheck(ReferenceExpression connectionString, string? database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(cancellationToken))
            {
                Pooling = false, Timeout = 3,
            };
            if (database is not null)
            {
                builder.Database = database;
            }

            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
