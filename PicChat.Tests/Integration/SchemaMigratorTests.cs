using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PicChat.Grains.Hosting;
using PicChat.ServiceDefaults.Database;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class SchemaMigratorTests(PicChatFixture fixture)
{
    /// <summary>What a silo applies: Orleans' tables from PicChat.ServiceDefaults, PicChat's own from PicChat.Grains.</summary>
    private static readonly IReadOnlyList<SchemaMigration> SiloMigrations = SchemaMigrator.Discover(typeof(PicChatGrainsExtensions).Assembly);

    [Fact]
    public void EveryMigrationIsFoundBesideTheCodeThatOwnsItsTables()
    {
        // The versions and names every existing database has recorded in picchat_schema_version.
        Assert.Equal(
            ["001_orleans_clustering", "002_orleans_persistence", "003_pictures", "004_chats", "005_orleans_reminders",
             "006_friend_index", "007_profile_directory"],
            SiloMigrations.Select(m => m.Name));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], SiloMigrations.Select(m => m.Version));
        Assert.All(SiloMigrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
        Assert.Equal([1, 2, 5], SchemaMigrator.Discover().Select(m => m.Version));
    }

    [Fact]
    public async Task ConcurrentMigrationsApplyEachScriptExactlyOnce()
    {
        var connectionString = await CreateDatabaseAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => MigrateAsync(connectionString, SiloMigrations))));

        var expected = SiloMigrations.Select(s => s.Version).ToList();
        Assert.Equal(expected, applied.SelectMany(a => a).Order().ToList());
        Assert.Empty(await MigrateAsync(connectionString, SiloMigrations));
        Assert.Equal(SiloMigrations.Select(m => m.Name), await RecordedAsync(connectionString));
    }

    [Fact]
    public async Task AHostWithoutTheGrainsAppliesOnlyTheMigrationsBeforeTheFirstItLacks()
    {
        var connectionString = await CreateDatabaseAsync();

        // An API instance first: it knows Orleans' migrations only, so it stops before the grains' 003.
        Assert.Equal([1, 2], await MigrateAsync(connectionString, SchemaMigrator.Discover()));
        Assert.Equal([3, 4, 5, 6, 7], await MigrateAsync(connectionString, SiloMigrations));
        Assert.Empty(await MigrateAsync(connectionString, SchemaMigrator.Discover()));
        Assert.Equal(SiloMigrations.Select(m => m.Name), await RecordedAsync(connectionString));
    }

    [Fact]
    public async Task TheSchemaRegistersEveryQueryTheOrleansProvidersNeed()
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Subset(new HashSet<string>(keys), new HashSet<string>(
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        ]));
    }

    /// <summary>As a host does it: through a data source of its own for that database.</summary>
    private static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, IReadOnlyList<SchemaMigration> migrations)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        return await SchemaMigrator.MigrateAsync(database, migrations, NullLogger.Instance, CancellationToken.None);
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        await ExecuteAsync(fixture.QueryConnectionString, $"CREATE DATABASE {database}");
        return new NpgsqlConnectionStringBuilder(fixture.Postgres.ConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>The names in picchat_schema_version, in the order they were applied.</summary>
    private static async Task<List<string>> RecordedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM picchat_schema_version ORDER BY applied_at, version", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
