using Npgsql;
using NpgsqlTypes;
using PicChat.Abstractions.Users;

namespace PicChat.Grains.Users;

/// <summary>The directory as the <c>picchat_profiles</c> table.</summary>
public sealed class PostgresProfileDirectory(NpgsqlDataSource database) : IProfileDirectory
{
    public async Task ListAsync(UserProfile profile)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO picchat_profiles (user_id, email, avatar, mobile, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, avatar = excluded.avatar, mobile = excluded.mobile,
                created_at = excluded.created_at
            """);
        command.Parameters.Add(new() { Value = profile.UserId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = profile.Email, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)profile.Avatar ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)profile.Mobile ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = profile.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public async Task UnlistAsync(long userId)
    {
        await using var command = database.CreateCommand("DELETE FROM picchat_profiles WHERE user_id = $1");
        command.Parameters.Add(new() { Value = userId, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<UserProfile>> FindAsync(IReadOnlyCollection<long> userIds)
    {
        await using var command = database.CreateCommand(
            "SELECT user_id, email, avatar, mobile, created_at FROM picchat_profiles WHERE user_id = ANY($1)");
        command.Parameters.Add(new() { Value = userIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        var profiles = new List<UserProfile>(userIds.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            profiles.Add(new UserProfile(reader.GetInt64(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero)));
        }

        return profiles;
    }
}
