using Npgsql;
using NpgsqlTypes;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>The directory as the <c>picchat_profiles</c> table.</summary>
public sealed class PostgresProfileDirectory(NpgsqlDataSource database) : IProfileDirectory
{
    public async Task ListAsync(UserProfile profile, long version)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO picchat_profiles (user_id, version, listed, email, avatar, mobile, created_at_ticks)
            VALUES ($1, $2, true, $3, $4, $5, $6)
            ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, listed = true, email = excluded.email,
                avatar = excluded.avatar, mobile = excluded.mobile, created_at_ticks = excluded.created_at_ticks
            WHERE picchat_profiles.version < excluded.version
            """);
        command.Parameters.Add(BigInt(profile.UserId));
        command.Parameters.Add(BigInt(version));
        command.Parameters.Add(Text(profile.Email));
        command.Parameters.Add(Text(profile.Avatar));
        command.Parameters.Add(Text(profile.Mobile));
        command.Parameters.Add(BigInt(profile.CreatedAt.UtcTicks));
        await command.ExecuteNonQueryAsync();
    }

    public async Task UnlistAsync(long userId, long version)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO picchat_profiles (user_id, version, listed) VALUES ($1, $2, false)
            ON CONFLICT (user_id) DO UPDATE SET version = greatest(picchat_profiles.version + 1, excluded.version),
                listed = false, email = NULL, avatar = NULL, mobile = NULL, created_at_ticks = NULL
            """);
        command.Parameters.Add(BigInt(userId));
        command.Parameters.Add(BigInt(version));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds)
    {
        var profiles = new List<UserProfile>(userIds.Count);
        if (userIds.Count == 0)
        {
            return profiles;
        }

        await using var command = database.CreateCommand(
            "SELECT user_id, email, avatar, mobile, created_at_ticks FROM picchat_profiles WHERE user_id = ANY($1) AND listed");
        command.Parameters.Add(new() { Value = userIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            profiles.Add(new UserProfile(reader.GetInt64(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return profiles;
    }

    private static NpgsqlParameter BigInt(long value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
