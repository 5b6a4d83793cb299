using Npgsql;
using NpgsqlTypes;
using PicChat.Abstractions.Pictures;

namespace PicChat.Grains.Pictures;

/// <summary>The catalog as the <c>picchat_pictures</c> table (its schema: <c>003_pictures.sql</c> beside this file); pages use its primary key.</summary>
public sealed class PostgresPictureCatalog(NpgsqlDataSource database) : IPictureCatalog
{
    public async Task AddAsync(PictureInfo picture)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO picchat_pictures (owner_id, pic_id, pic_url, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = picture.OwnerId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = picture.PicId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = picture.PicUrl, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = picture.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(long ownerId, long picId)
    {
        await using var command = database.CreateCommand("DELETE FROM picchat_pictures WHERE owner_id = $1 AND pic_id = $2");
        command.Parameters.Add(new() { Value = ownerId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = picId, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<PictureInfo>> ReadPageAsync(long ownerId, long? before, int limit)
    {
        await using var command = database.CreateCommand(
            "SELECT pic_id, pic_url, created_at FROM picchat_pictures WHERE owner_id = $1 AND pic_id < $2 ORDER BY pic_id DESC LIMIT $3");
        command.Parameters.Add(new() { Value = ownerId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = before ?? long.MaxValue, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });

        var page = new List<PictureInfo>(limit);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            page.Add(new PictureInfo(reader.GetInt64(0), ownerId, reader.GetString(1),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero)));
        }

        return page;
    }
}
