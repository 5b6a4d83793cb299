using Npgsql;
using NpgsqlTypes;
using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>The chat log as the <c>picchat_chats</c> table (its schema: <c>004_chats.sql</c> beside this file).</summary>
public sealed class PostgresChatLog(NpgsqlDataSource database) : IChatLog
{
    private const string Columns = "chat_id, pic_id, seq, from_user_id, to_user_id, msg_type, content, voice_url, created_at, deleted_seq";

    public async Task<long> GetLastSeqAsync(long picId)
    {
        await using var command = database.CreateCommand(
            "SELECT GREATEST(COALESCE(MAX(seq), 0), COALESCE(MAX(deleted_seq), 0)) FROM picchat_chats WHERE pic_id = $1");
        command.Parameters.Add(BigInt(picId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<IReadOnlyList<ChatMessage>> AppendAsync(long picId, long firstSeq, IReadOnlyList<NewChat> chats, DateTimeOffset createdAt)
    {
        // One statement for the whole batch: one round trip and one commit, however many senders are waiting.
        await using var command = database.CreateCommand("""
            INSERT INTO picchat_chats (chat_id, pic_id, seq, from_user_id, to_user_id, msg_type, content, voice_url, client_msg_id, created_at)
            SELECT nextval('picchat_chat_ids'), $1, b.seq, b.from_user_id, b.to_user_id, b.msg_type, b.content, b.voice_url, b.client_msg_id, $2
            FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])
                AS b(seq, from_user_id, to_user_id, msg_type, content, voice_url, client_msg_id)
            RETURNING chat_id, seq
            """);
        command.Parameters.Add(BigInt(picId));
        command.Parameters.Add(new NpgsqlParameter { Value = createdAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Array(chats.Select((_, i) => firstSeq + i)));
        command.Parameters.Add(Array(chats.Select(c => c.FromUserId)));
        command.Parameters.Add(Array(chats.Select(c => c.ToUserId)));
        command.Parameters.Add(TextArray(chats.Select(c => c.MsgType)));
        command.Parameters.Add(TextArray(chats.Select(c => c.Content)));
        command.Parameters.Add(TextArray(chats.Select(c => c.VoiceUrl)));
        command.Parameters.Add(TextArray(chats.Select(c => c.ClientMsgId)));

        var ids = new Dictionary<long, long>(chats.Count);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids[reader.GetInt64(1)] = reader.GetInt64(0);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ChatLogConflictException($"Chat log of picture {picId}: {ex.ConstraintName} already taken.", ex);
        }

        // Timestamps are stored to the microsecond: hand back exactly what a later read will return.
        var stored = new DateTimeOffset(createdAt.UtcTicks - createdAt.UtcTicks % 10, TimeSpan.Zero);
        return chats.Select((c, i) => new ChatMessage(ids[firstSeq + i], picId, firstSeq + i, c.FromUserId, c.ToUserId,
            c.MsgType, c.Content, c.VoiceUrl, stored)).ToArray();
    }

    public async Task<IReadOnlyList<(long FromUserId, string ClientMsgId, ChatMessage Chat)>> FindByClientMsgIdsAsync(
        IReadOnlyCollection<(long FromUserId, string ClientMsgId)> keys)
    {
        await using var command = database.CreateCommand("""
            SELECT c.chat_id, c.pic_id, c.seq, c.from_user_id, c.to_user_id, c.msg_type, c.content, c.voice_url,
                   c.created_at, c.deleted_seq, c.client_msg_id
            FROM picchat_chats c
            JOIN unnest($1::bigint[], $2::text[]) AS k(from_user_id, client_msg_id)
              ON c.from_user_id = k.from_user_id AND c.client_msg_id = k.client_msg_id
            """);
        command.Parameters.Add(Array(keys.Select(k => k.FromUserId)));
        command.Parameters.Add(TextArray(keys.Select(k => k.ClientMsgId)));

        var found = new List<(long, string, ChatMessage)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var chat = ReadChat(reader);
            found.Add((chat.FromUserId, reader.GetString(10), chat));
        }

        return found;
    }

    public async Task<ChatMessage?> GetAsync(long chatId)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM picchat_chats WHERE chat_id = $1 AND deleted_seq IS NULL");
        command.Parameters.Add(BigInt(chatId));
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? ReadChat(reader) : null;
    }

    public async Task<long?> GetSeqAsync(long picId, long chatId)
    {
        await using var command = database.CreateCommand("SELECT seq FROM picchat_chats WHERE chat_id = $1 AND pic_id = $2");
        command.Parameters.Add(BigInt(chatId));
        command.Parameters.Add(BigInt(picId));
        return await command.ExecuteScalarAsync() is long seq ? seq : null;
    }

    public async Task<long?> GetDeletionSeqAsync(long picId, long chatId)
    {
        await using var command = database.CreateCommand("SELECT deleted_seq FROM picchat_chats WHERE chat_id = $1 AND pic_id = $2");
        command.Parameters.Add(BigInt(chatId));
        command.Parameters.Add(BigInt(picId));
        return await command.ExecuteScalarAsync() is long seq ? seq : null;
    }

    public async Task<IReadOnlySet<long>> MarkDeletedAsync(long picId, IReadOnlyList<(long ChatId, long DeletedSeq)> deletions)
    {
        await using var command = database.CreateCommand("""
            UPDATE picchat_chats c SET deleted_seq = d.deleted_seq, content = NULL, voice_url = NULL
            FROM unnest($2::bigint[], $3::bigint[]) AS d(chat_id, deleted_seq)
            WHERE c.chat_id = d.chat_id AND c.pic_id = $1 AND c.deleted_seq IS NULL
            RETURNING c.chat_id
            """);
        command.Parameters.Add(BigInt(picId));
        command.Parameters.Add(Array(deletions.Select(d => d.ChatId)));
        command.Parameters.Add(Array(deletions.Select(d => d.DeletedSeq)));
        try
        {
            return (await ReadIdsAsync(command)).ToHashSet();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ChatLogConflictException($"Chat log of picture {picId}: {ex.ConstraintName} already taken.", ex);
        }
    }

    public async Task DeletePictureAsync(long picId)
    {
        await using var command = database.CreateCommand("DELETE FROM picchat_chats WHERE pic_id = $1");
        command.Parameters.Add(BigInt(picId));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(long picId, long afterSeq, long toSeq)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM picchat_chats
            WHERE pic_id = $1 AND ((seq > $2 AND seq <= $3) OR (deleted_seq > $2 AND deleted_seq <= $3))
            """);
        command.Parameters.Add(BigInt(picId));
        command.Parameters.Add(BigInt(afterSeq));
        command.Parameters.Add(BigInt(toSeq));

        var events = new List<ChatEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var chat = ReadChat(reader);
            long? deletedSeq = reader.IsDBNull(9) ? null : reader.GetInt64(9);
            // A deleted chat's content is gone, so only its deletion can be replayed.
            if (deletedSeq is null)
            {
                events.Add(new ChatEvent(chat.Seq, ChatEventKind.Created, chat));
            }
            else if (deletedSeq > afterSeq && deletedSeq <= toSeq)
            {
                events.Add(new ChatEvent(deletedSeq.Value, ChatEventKind.Deleted, chat));
            }
        }

        events.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return events;
    }

    public async Task<IReadOnlyList<ChatMessage>> ReadPageAsync(long picId, long? viewerId, long? beforeSeq, long? afterSeq, int limit)
    {
        var newestFirst = afterSeq is null;
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM picchat_chats
            WHERE pic_id = $1 AND deleted_seq IS NULL AND seq < $2 AND seq > $3
              AND ($4::bigint IS NULL OR from_user_id = $4 OR to_user_id = $4)
            ORDER BY seq {(newestFirst ? "DESC" : "ASC")} LIMIT $5
            """);
        command.Parameters.Add(BigInt(picId));
        command.Parameters.Add(BigInt(beforeSeq ?? long.MaxValue));
        command.Parameters.Add(BigInt(afterSeq ?? 0));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });

        var page = new List<ChatMessage>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            page.Add(ReadChat(reader));
        }

        return page;
    }

    public async Task<IReadOnlyList<long>> FindPicturesWithChatsOfAsync(long userId)
    {
        await using var command = database.CreateCommand("""
            SELECT pic_id FROM picchat_chats WHERE deleted_seq IS NULL AND from_user_id = $1
            UNION
            SELECT pic_id FROM picchat_chats WHERE deleted_seq IS NULL AND to_user_id = $1
            """);
        command.Parameters.Add(BigInt(userId));
        return await ReadIdsAsync(command);
    }

    public async Task<IReadOnlyList<ChatMessage>> ReadChatsOfUserAsync(long picId, long userId)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM picchat_chats
            WHERE pic_id = $1 AND deleted_seq IS NULL AND (from_user_id = $2 OR to_user_id = $2) ORDER BY seq
            """);
        command.Parameters.Add(BigInt(picId));
        command.Parameters.Add(BigInt(userId));
        var chats = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            chats.Add(ReadChat(reader));
        }

        return chats;
    }

    private static async Task<IReadOnlyList<long>> ReadIdsAsync(NpgsqlCommand command)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static ChatMessage ReadChat(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
        reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(8), TimeSpan.Zero));

    private static NpgsqlParameter BigInt(long value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Array(IEnumerable<long> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
