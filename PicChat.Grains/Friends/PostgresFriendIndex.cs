using Npgsql;
using NpgsqlTypes;

namespace PicChat.Grains.Friends;

/// <summary>
/// The index as the <c>picchat_friend_index</c> table; every query uses its primary key. An owner's row with
/// friend 0 (no user has id 0) says that the owner's rows are whole.
/// </summary>
public sealed class PostgresFriendIndex(NpgsqlDataSource database) : IFriendIndex
{
    private const long WholeMark = 0;

    public async Task AddAsync(long ownerId, long friendId)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO picchat_friend_index (owner_id, friend_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Id(friendId));
        await command.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(long ownerId, IReadOnlyCollection<long> friendIds)
    {
        await using var command = database.CreateCommand("DELETE FROM picchat_friend_index WHERE owner_id = $1 AND friend_id = ANY($2)");
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Ids(friendIds));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(bool Whole, int Count)> CountAsync(long ownerId)
    {
        await using var command = database.CreateCommand(
            "SELECT coalesce(bool_or(friend_id = 0), false), count(*) FILTER (WHERE friend_id <> 0) FROM picchat_friend_index WHERE owner_id = $1");
        command.Parameters.Add(Id(ownerId));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetBoolean(0), (int)reader.GetInt64(1));
    }

    public async Task ReplaceAsync(long ownerId, IReadOnlyCollection<long> friendIds)
    {
        // One statement, so a failure leaves the rows as they were.
        await using var command = database.CreateCommand("""
            WITH kept AS (SELECT unnest($2::bigint[]) AS friend_id),
                 dropped AS (DELETE FROM picchat_friend_index
                             WHERE owner_id = $1 AND friend_id NOT IN (SELECT friend_id FROM kept))
            INSERT INTO picchat_friend_index (owner_id, friend_id) SELECT $1, friend_id FROM kept ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(Id(ownerId));
        command.Parameters.Add(Ids([WholeMark, .. friendIds]));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(IReadOnlySet<long> Added, IReadOnlySet<long> Whole)> WhoAddedAsync(long userId, IReadOnlyCollection<long> candidates)
    {
        await using var command = database.CreateCommand(
            "SELECT owner_id, friend_id FROM picchat_friend_index WHERE owner_id = ANY($1) AND (friend_id = $2 OR friend_id = 0)");
        command.Parameters.Add(Ids(candidates));
        command.Parameters.Add(Id(userId));
        var added = new HashSet<long>();
        var whole = new HashSet<long>();
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
