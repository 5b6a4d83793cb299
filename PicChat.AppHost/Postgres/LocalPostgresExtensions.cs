using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PicChat.AppHost.Postgres;

/// <summary>
/// <c>AddLocalPostgres</c>: Aspire's own PostgreSQL resource is a container, and these machines have no
/// container engine (it would never start, and everything waiting for it would wait forever, silently). This
/// runs the locally installed server binaries instead, through <c>run-postgres.sh</c>.
/// </summary>
public static class LocalPostgresExtensions
{
    /// <summary>
    /// A PostgreSQL server on 127.0.0.1:<paramref name="port"/> with its data in <paramref name="root"/>
    /// (initialized on first run, kept across runs), healthy once it accepts a login.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, string root, int port, TimeSpan maxStopWait)
    {
        var bin = FindServerBinaries() ?? throw new DistributedApplicationException(
            "PostgreSQL server binaries (initdb, postgres) were not found on PATH, in /usr/lib/postgresql/*/bin or in " +
            "/usr/local/bin. Install them (Debian/Ubuntu: sudo apt-get install postgresql) or point PicChat at an existing " +
            "server with ConnectionStrings__picchat=\"Host=...;Username=...;Password=...;Database=picchat\".");
        Directory.CreateDirectory(root);
        var password = builder.AddParameter($"{name}-password", ReadOrCreatePassword(Path.Combine(root, "password")), secret: true);

        var script = Path.Combine(AppContext.BaseDirectory, "Postgres", "run-postgres.sh");
        var server = new LocalPostgresResource(name, script, root, password.Resource);
        var healthCheck = $"{name}-accepts-logins";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new PostgresLoginCheck(server.ConnectionStringExpression, "postgres"), HealthStatus.Unhealthy, tags: null));

        return builder.AddResource(server)
            .WithArgs(bin, root, port.ToString(), ((int)maxStopWait.TotalSeconds).ToString())
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalPostgresResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    /// <summary>A database on the server, created (if missing) as soon as the server is healthy.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> server,
        [ResourceName] string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.OnResourceReady(async (resource, ready, cancellationToken) =>
        {
            await CreateDatabaseAsync(resource, database.DatabaseName, cancellationToken);
            await ready.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        var healthCheck = $"{name}-accepts-logins";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new PostgresLoginCheck(database.ConnectionStringExpression, null), HealthStatus.Unhealthy, tags: null));
        return server.ApplicationBuilder.AddResource(database)
            .OnInitializeResource((_, initialize, cancellationToken) => FollowServerAsync(database, initialize, cancellationToken))
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseStack")
            .ExcludeFromManifest();
    }

    /// <summary>Where initdb and postgres are: PATH, then Debian's /usr/lib/postgresql/N/bin (newest first), then /usr/local/bin.</summary>
    public static string? FindServerBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(debian)
            .Append("/usr/local/bin")
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
    }

    /// <summary>
    /// A database runs when its server has run and created it, and stops with its server. (Aspire passes a
    /// parent's state on to its children only for some resource types; an executable's children need this.)
    /// </summary>
    private static async Task FollowServerAsync(LocalPostgresDatabaseResource database, InitializeResourceEvent initialize,
        CancellationToken cancellationToken)
    {
        await initialize.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Waiting });
        await foreach (var update in initialize.Notifications.WatchAsync(cancellationToken))
        {
            if (update.Resource == database.Parent && update.Snapshot.State?.Text is { } state
                && KnownResourceStates.TerminalStates.Contains(state))
            {
                await initialize.Notifications.PublishUpdateAsync(database, s => s with
                {
                    State = state,
                    StopTimeStamp = update.Snapshot.StopTimeStamp ?? DateTime.UtcNow,
                });
            }
        }
    }

    private static async Task CreateDatabaseAsync(LocalPostgresResource server, string databaseName, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Database = "postgres", Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new() { Value = databaseName });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string ReadOrCreatePassword(string file)
    {
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        // The data folder outlives this process, so its superuser password does too.
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }
}
