using BenchmarkDotNet.Attributes;

namespace PicChat.Benchmarks;

/// <summary>
/// create-chat and read-several-chat on a picture with a short and a long history: the log is a table with
/// a (picture, seq) index, so both should cost the same at 100 and at 100,000 chats.
/// </summary>
[MemoryDiagnoser]
public class ChatBenchmarks
{
    private BenchmarkCluster _cluster = null!;
    private string _ownerToken = "";
    private long _ownerId;
    private long _friendId;
    private long _picId;
    private long _middleChatId;

    [Params(100, 100_000)]
    public int History { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await BenchmarkCluster.StartAsync();
        var owner = await _cluster.RegisterAsync();
        var friend = await _cluster.RegisterAsync();
        (_ownerId, _ownerToken, _friendId) = (owner.Id, owner.Token, friend.Id);
        await _cluster.PostAsync("/friends/create-friend", new { userId = _ownerId, friendId = _friendId }, _ownerToken);
        var picture = await _cluster.PostAsync("/pics/create-picture", new { userId = _ownerId, picUrl = "bench.jpg" }, _ownerToken);
        _picId = picture.GetProperty("picId").GetInt64();
        await _cluster.SeedChatsAsync(_picId, _friendId, _ownerId, History);

        var middle = await Get($"/chats/read-several-chat?picId={_picId}&limit=1000");
        _middleChatId = middle.GetProperty("chats")[0].GetProperty("chatId").GetInt64();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    [Benchmark(Description = "create-chat")]
    public Task CreateChat() => _cluster.PostAsync("/chats/create-chat",
        new { picId = _picId, fromUserId = _ownerId, toUserId = _friendId, msgType = "text", content = "benchmark" }, _ownerToken);

    [Benchmark(Description = "read-several-chat (newest 100)")]
    public Task ReadNewest() => Get($"/chats/read-several-chat?picId={_picId}&limit=100");

    [Benchmark(Description = "read-several-chat (100 before a deep cursor)")]
    public Task ReadDeep() => Get($"/chats/read-several-chat?picId={_picId}&limit=100&before={_middleChatId}");

    private async Task<System.Text.Json.JsonElement> Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", _ownerToken);
        using var response = await _cluster.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
    }
}
