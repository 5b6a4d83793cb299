using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PicChat.ServiceDefaults.Health;

/// <summary>Ready only while PostgreSQL answers a query within a few seconds.</summary>
public sealed class PostgresHealthCheck(IConfiguration configuration) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetPicChatConnectionString())
            {
                // A fresh connection each time, apart from the application's pools: a probe never waits behind
                // them, and a pooled connection that a PostgreSQL restart left dead cannot report "down" after
                // the server is back.
                ApplicationName = "picchat-health",
                Timeout = (int)Timeout.TotalSeconds,
                Pooling = false,
            };
            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The message only: the connection string (with its password) must never reach a health response.
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception: null);
        }
    }
}
