using Npgsql;
using NpgsqlTypes;

namespace PicChat.Grains.Friends;

/// <summary>
/// The index as the <c>picchat_friend_index</c> table; every query uses its primary key. Friend 0, present,
/// says that the owner's rows are whole.
/// </summary>
public sealed class PostgresFriendIndex(NpgsqlDataSource database) : IFriendIndex
{
    private const long WholeMark = 0;

    // Present only with a newer version: a late write cannot undo a removal made after it was issued.
    private const string MakePresent = """
        ON CONFLICT (owner_id, friend_id) DO UPDATE SET present = true, version = excluded.version
        WHERE picchat_friend_index.version < excluded.version
        """;

    public async Task AddAsync(long ownerId, long friendId, long version)
    {
        await using var command = database.CreateCommand(
            $"INSERT INTO picchat_friend_index (owner_id, friend_id, present, version) VALUES ($1, $2, true, $3) {MakePresent}");
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Id(friendId));
        command.Parameters.Add(Id(version));
        await command.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version)
    {
        if (friendIds.Count == 0)
        {
            return;
        }

        // Tombstones even for rows never written, so that a late insert of one finds it newer.
        await using var command = database.CreateCommand("""
            INSERT INTO picchat_friend_index (owner_id, friend_id, present, version) SELECT $1, unnest($2), false, $3
            ON CONFLICT (owner_id, friend_id) DO UPDATE
                SET present = false, version = greatest(picchat_friend_index.version + 1, excluded.version)
            """);
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Ids(friendIds));
        command.Parameters.Add(Id(version));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(bool Whole, int Count)> CountAsync(long ownerId)
    {
        await using var command = database.CreateCommand("""
            SELECT coalesce(bool_or(friend_id = 0), false), count(*) FILTER (WHERE friend_id <> 0)
            FROM picchat_friend_index WHERE owner_id = $1 AND present
            """);
        command.Parameters.Add(Id(ownerId));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetBoolean(0), (int)reader.GetInt64(1));
    }

    public async Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds, long version)
    {
        // One statement, so a failure leaves the rows as they were.
        await using var command = database.CreateCommand($"""
            WITH kept AS (SELECT unnest($2) AS friend_id),
                 dropped AS (UPDATE picchat_friend_index
                             SET present = false, version = greatest(version + 1, $3)
                             WHERE owner_id = $1 AND present AND friend_id NOT IN (SELECT friend_id FROM kept))
            INSERT INTO picchat_friend_index (owner_id, friend_id, present, version) SELECT $1, friend_id, true, $3 FROM kept
            {MakePresent}
            """);
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Ids([WholeMark, .. friendIds]));
        command.Parameters.Add(Id(version));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates)
    {
        var added = new HashSet<long>();
        var whole = new HashSet<long>();
        if (candidates.Count == 0)
        {
            return (added, whole);
        }

        await using var command = database.CreateCommand("""
            SELECT owner_id, friend_id FROM picchat_friend_index
            WHERE owner_id = ANY($1) AND friend_id = ANY(ARRAY[$2, 0::bigint]) AND present
            """);
        command.Parameters.Add(Ids(candidates));
        command.Parameters.Add(Id(userId));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            (reader.GetInt64(1) == WholeMark ? whole : added).Add(reader.GetInt64(0));
        }

        return (added, whole);
    }

    private static NpgsqlParameter Id(long id) => new() { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Ids(IReadOnlyCollection<long> ids) =>
        new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
}
