using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PicChat.Api.Users;

namespace PicChat.Benchmarks;

/// <summary>
/// The best a request could do on this machine, measured in the same run and through the same load generator:
/// bare Kestrel returning PicChat's own JSON, one Npgsql statement per request (a primary-key select, one page,
/// an insert with its commit) against the same PostgreSQL, and raw password verifications at PicChat's
/// iteration count.
/// </summary>
public sealed class Ceilings : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _database;
    private readonly ConcurrentDictionary<string, byte[]> _bodies = new();

    private Ceilings(WebApplication app, NpgsqlDataSource database)
    {
        _app = app;
        _database = database;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Serves <paramref name="body"/> at <c>/bare/{name}</c>, byte for byte.</summary>
    public void Serve(string name, byte[] body) => _bodies[name] = body;

    public static async Task<Ceilings> StartAsync(string connectionString, long pagePicture, string password)
    {
        var database = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString).Build();
        // The indexes a plain service needs for the same answers: by id, a picture's chats by id, and a sender's
        // retries by clientMsgId (unique). PicChat's own table carries these and more.
        await using (var create = database.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_ceiling_chats (LIKE picchat_chats INCLUDING DEFAULTS, PRIMARY KEY (chat_id));
            CREATE INDEX IF NOT EXISTS bench_ceiling_chats_pic ON bench_ceiling_chats (pic_id, chat_id);
            CREATE UNIQUE INDEX IF NOT EXISTS bench_ceiling_chats_client_msg ON bench_ceiling_chats (from_user_id, client_msg_id)
                WHERE client_msg_id IS NOT NULL;
            TRUNCATE bench_ceiling_chats
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var hasher = new PasswordHasher<Ceilings>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3, IterationCount = Passwords.Iterations,
        }));
        var hash = hasher.HashPassword(null!, password);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{SystemUnderTest.FreePort()}");
        var app = builder.Build();
        var ceilings = new Ceilings(app, database);

        app.MapGet("/bare/{name}", (string name) => Results.Bytes(ceilings._bodies[name], "application/json"));
        app.MapGet("/select-chat", async (long chatId) =>
        {
            await using var command = database.CreateCommand(
                "SELECT chat_id, pic_id, from_user_id, to_user_id, msg_type, content, voice_url, created_at FROM picchat_chats WHERE chat_id = $1");
            command.Parameters.Add(new() { Value = chatId });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? Results.Json(ReadChat(reader)) : Results.NotFound();
        });
        app.MapGet("/page", async () =>
        {
            await using var command = database.CreateCommand(
                "SELECT chat_id, pic_id, from_user_id, to_user_id, msg_type, content, voice_url, created_at FROM picchat_chats WHERE pic_id = $1 ORDER BY seq DESC LIMIT 100");
            command.Parameters.Add(new() { Value = pagePicture });
            await using var reader = await command.ExecuteReaderAsync();
            var chats = new List<object>(100);
            while (await reader.ReadAsync())
            {
                chats.Add(ReadChat(reader));
            }

            return Results.Json(new { chats, err = (object?)null });
        });
        app.MapPost("/insert-chat", async (HttpRequest request) =>
        {
            // One statement, one commit: what a conventional service does per create-chat.
            await using var command = database.CreateCommand("""
                INSERT INTO bench_ceiling_chats (chat_id, pic_id, seq, from_user_id, to_user_id, msg_type, content, created_at)
                VALUES (nextval('picchat_chat_ids'), 1, nextval('picchat_chat_ids'), 1, 2, 'text', 'ceiling', now())
                RETURNING chat_id, created_at
                """);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return Results.Json(new { ack = true, chatId = reader.GetInt64(0), createdAt = reader.GetDateTime(1), err = (object?)null });
        });
        app.MapPost("/verify", () => hasher.VerifyHashedPassword(null!, hash, password) == PasswordVerificationResult.Failed
            ? Results.Unauthorized()
            : Results.Json(new { err = (object?)null }));

        await app.StartAsync();
        ceilings.Url = new Uri(app.Urls.First());
        return ceilings;
    }

    private static object ReadChat(NpgsqlDataReader reader) => new
    {
        chatId = reader.GetInt64(0),
        picId = reader.GetInt64(1),
        fromUserId = reader.GetInt64(2),
        toUserId = reader.GetInt64(3),
        msgType = reader.GetString(4),
        content = reader.IsDBNull(5) ? null : reader.GetString(5),
        voiceUrl = reader.IsDBNull(6) ? null : reader.GetString(6),
        createdAt = reader.GetDateTime(7),
        err = (object?)null,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
