using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PicChat.ServiceDefaults.Database;

/// <summary>
/// Runs the schema migrations when the host starts. It is registered before Orleans so the membership and
/// storage tables exist by the time the silo or client first touches them; it waits for a PostgreSQL that
/// is still starting rather than failing the host.
/// </summary>
internal sealed class SchemaMigrationService(IConfiguration configuration, ILogger<SchemaMigrationService> logger,
    IReadOnlyList<SchemaMigration> migrations) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetPicChatConnectionString();
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SchemaMigrator.MigrateAsync(connectionString, migrations, logger, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException
                                       && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("PostgreSQL is not reachable yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
