using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PicChat.Api;
using PicChat.Tests.Integration;
using PicChat.Silo;

namespace PicChat.Benchmarks;

/// <summary>
/// The real stack on loopback, as the integration tests run it: a private PostgreSQL, one silo, the API. The
/// benchmarks call the API over HTTP, so each number includes HTTP, the Orleans hop and the PostgreSQL commit.
/// </summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"picchat-bench-{Guid.NewGuid():N}");
    private LocalPostgres _postgres = null!;
    private IHost _silo = null!;
    private WebApplication _api = null!;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<BenchmarkCluster> StartAsync()
    {
        var cluster = new BenchmarkCluster();
        cluster._postgres = await LocalPostgres.StartAsync(cluster._root, FreePort());
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:picchat"] = cluster._postgres.ConnectionString,
            ["Orleans:ClusterId"] = "bench",
            ["Orleans:ServiceId"] = "bench",
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var silo = Host.CreateApplicationBuilder();
        silo.Configuration.AddInMemoryCollection(settings);
        silo.AddPicChatSilo();
        cluster._silo = silo.Build();
        await cluster._silo.StartAsync();

        var port = FreePort();
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings["PicChat:Auth:AttemptsPerClientPerMinute"] = "100000";
        settings["PicChat:Dashboard:Port"] = "0";
        cluster._api = PicChatApi.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await cluster._api.StartAsync();
        cluster.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return cluster;
    }

    /// <summary>Registers a user and returns (id, token).</summary>
    public async Task<(long Id, string Token)> RegisterAsync()
    {
        var response = await Http.PostAsJsonAsync("/users/user-register", new { email = $"b{Guid.NewGuid():N}@example.com", password = "123456" });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("userId").GetInt64(), json.GetProperty("token").GetString()!);
    }

    public async Task<JsonElement> PostAsync(string path, object body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Writes history straight into the chat log (as the room grain would), before the room is first used.</summary>
    public async Task SeedChatsAsync(long picId, long fromUserId, long toUserId, int count)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _api.StopAsync();
        await _api.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
        await _postgres.StopAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
