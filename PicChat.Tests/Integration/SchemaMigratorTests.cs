using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PicChat.ServiceDefaults.Database;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class SchemaMigratorTests(PicChatFixture fixture)
{
    [Fact]
    public async Task ConcurrentMigrationsApplyEachScriptExactlyOnce()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        await ExecuteAsync(fixture.QueryConnectionString, $"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.Postgres.ConnectionString) { Database = database }.ConnectionString;

        var applied = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None))));

        var expected = SchemaMigrator.Scripts.Select(s => s.Version).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, applied.SelectMany(a => a).Order().ToList());
        Assert.Empty(await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM picchat_schema_version", connection);
        Assert.Equal((long)expected.Count, await count.ExecuteScalarAsync());
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

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
