using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Polly;
using Polly.Retry;

namespace PicChat.ServiceDefaults.Database;

/// <summary>
/// Runs the schema migrations when the host starts. It is registered before Orleans so the membership and
/// storage tables exist by the time the silo or client first touches them; it waits for a PostgreSQL that
/// is still starting rather than failing the host. Retrying is safe: each script runs in a transaction that
/// also records it, so a try that failed left nothing half-applied, and the next one skips what is recorded.
/// </summary>
internal sealed class SchemaMigrationService(NpgsqlDataSource database, ILogger<SchemaMigrationService> logger,
    IReadOnlyList<SchemaMigration> migrations, TimeProvider clock) : IHostedService
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + GiveUpAfter;
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException
                && clock.GetUtcNow() < deadline),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Linear,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(5),
            UseJitter = false,
            OnRetry = args =>
            {
                logger.LogWarning("PostgreSQL is not reachable yet (attempt {Attempt}): {Reason}", args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        }).Build();

        await retry.ExecuteAsync(
            async token => await SchemaMigrator.MigrateAsync(database, migrations, logger, token), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
