using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PicChat.ServiceDefaults.Database;

/// <summary>
/// Applies the schema migrations that the database has not seen yet, in version order, each in its own
/// transaction, and records each in <c>picchat_schema_version</c>. A session-level advisory lock makes silos
/// and API instances that start at the same moment take turns, so each script runs exactly once.
/// <para>
/// A migration lives beside the code that owns its tables, as an embedded resource named
/// <c>PicChat.Migrations.NNN_name.sql</c> (see the projects' files): Orleans' own tables in
/// PicChat.ServiceDefaults/Schema, the picture catalog and the chat log in PicChat.Grains. Versions are numbered
/// 1, 2, 3, ... without gaps across all of them. A host knows the migrations of the assemblies it loads (the API
/// does not load the grains), so it applies them in order and stops at the first version it does not have: the
/// host that has it (a silo) applies it and everything after, and no database gets a later script before an
/// earlier one.
/// </para>
/// </summary>
public static partial class SchemaMigrator
{
    public const string ResourcePrefix = "PicChat.Migrations.";

    // Any constant works; it only has to be the same in every process ("PicChat" in ASCII).
    private const long AdvisoryLockKey = 0x5069634368617400;

    /// <summary>The migrations embedded in PicChat.ServiceDefaults and in <paramref name="assemblies"/>, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> Discover(params IEnumerable<Assembly> assemblies)
    {
        var migrations = new List<SchemaMigration>();
        foreach (var assembly in assemblies.Prepend(typeof(SchemaMigrator).Assembly).Distinct())
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
            {
                var name = resource[ResourcePrefix.Length..];
                var match = FileName().Match(name);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"{assembly.GetName().Name}: migration '{resource}' is not named NNN_name.sql.");
                }

                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                migrations.Add(new SchemaMigration(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
            }
        }

        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Two migrations have version {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    /// <summary>Brings the database up to the newest schema version it can; returns the versions it applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource database, IReadOnlyList<SchemaMigration> migrations,
        ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS picchat_schema_version (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new HashSet<int>();
            await using (var read = Command("SELECT version FROM picchat_schema_version", connection, null))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var known = migrations.ToDictionary(m => m.Version);
            var appliedNow = new List<int>();
            for (var version = 1; version <= known.Keys.DefaultIfEmpty(0).Max(); version++)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                if (!known.TryGetValue(version, out var migration))
                {
                    logger.LogInformation("Schema migration {Version} belongs to another host; later ones wait for it", version);
                    break;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using var record = Command(
                    "INSERT INTO picchat_schema_version (version, name) VALUES (@version, @name)", connection, transaction);
                record.Parameters.AddWithValue("version", version);
                record.Parameters.AddWithValue("name", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema migration {Version} {Name}", version, migration.Name);
                appliedNow.Add(version);
            }

            return appliedNow;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Without the budget's statement timeout: a migration may run long, and hosts that start together wait for
    /// each other's at the advisory lock.
    /// </summary>
    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        new(sql, connection, transaction) { CommandTimeout = 0 };

    /// <summary>The recorded name is the file name without <c>.sql</c> (<c>003_pictures</c>), as it always was.</summary>
    [GeneratedRegex(@"^(?<name>(?<version>\d{3})_[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
