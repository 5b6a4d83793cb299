using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace PicChat.Benchmarks;

/// <summary>What the scenarios work on: an owner with a friend and a stranger, and pictures with chat history.</summary>
public sealed record Seed(
    User Owner, User Friend, string LoginEmail, string Password,
    long QuietPicture, long SmallHistoryPicture, long LargeHistoryPicture, IReadOnlyList<long> SpreadPictures,
    long SomeChatId)
{
    public const int SmallHistory = 100;
    public const int LargeHistory = 100_000;
    public const int Spread = 64;

    public static async Task<Seed> CreateAsync(Uri api, string connectionString)
    {
        using var http = new HttpClient { BaseAddress = api };
        const string password = "bench-password";
        var owner = await RegisterAsync(http, password);
        var friendEmail = $"friend-{Guid.NewGuid():N}@bench.example";
        var friend = await RegisterAsync(http, password, friendEmail);
        // Login has its own account: thousands of logins push the oldest of its 50 sessions out, and the other
        // scenarios' tokens must stay open.
        var loginEmail = $"login-{Guid.NewGuid():N}@bench.example";
        await RegisterAsync(http, password, loginEmail);
        await PostAsync(http, "/friends/create-friend", new { userId = owner.Id, friendId = friend.Id }, owner.Token);

        async Task<long> CreatePictureAsync() =>
            (await PostAsync(http, "/pics/create-picture", new { userId = owner.Id, picUrl = "bench/pic.jpg" }, owner.Token))
                .GetProperty("picId").GetInt64();

        var quiet = await CreatePictureAsync();
        var small = await CreatePictureAsync();
        var large = await CreatePictureAsync();
        var spread = new List<long>();
        for (var i = 0; i < Spread; i++)
        {
            spread.Add(await CreatePictureAsync());
        }

        // History goes straight into the chat log, as the room grain writes it, before any room is first used.
        await SeedHistoryAsync(connectionString, small, owner.Id, friend.Id, SmallHistory);
        await SeedHistoryAsync(connectionString, large, owner.Id, friend.Id, LargeHistory);
        var chat = await PostAsync(http, "/chats/create-chat",
            new { picId = quiet, fromUserId = owner.Id, toUserId = friend.Id, msgType = "text", content = "hello" }, owner.Token);
        return new Seed(owner, friend, loginEmail, password, quiet, small, large, spread, chat.GetProperty("chatId").GetInt64());
    }

    private static async Task<User> RegisterAsync(HttpClient http, string password, string? email = null)
    {
        using var response = await http.PostAsJsonAsync("/users/user-register",
            new { email = email ?? $"bench-{Guid.NewGuid():N}@bench.example", password });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.EnsureSuccessStatusCode();
        return new User(json.GetProperty("userId").GetInt64(), json.GetProperty("token").GetString()!);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{path}: {json}");
    }

    private static async Task SeedHistoryAsync(string connectionString, long picId, long fromUserId, long toUserId, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO picchat_chats (chat_id, pic_id, seq, from_user_id, to_user_id, msg_type, content, created_at)
            SELECT nextval('picchat_chat_ids'), $1, g, $2, $3, 'text', 'history ' || g, now() FROM generate_series(1, $4) g
            """, connection);
        command.Parameters.Add(new() { Value = picId });
        command.Parameters.Add(new() { Value = fromUserId });
        command.Parameters.Add(new() { Value = toUserId });
        command.Parameters.Add(new() { Value = count });
        await command.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE picchat_chats", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}

public sealed record User(long Id, string Token);
