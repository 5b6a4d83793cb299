using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PicChat.Benchmarks;

/// <summary>What activations cost the silos in resident memory (all silos summed, a co-hosted API among them), per activation.</summary>
public sealed record ScaleResult(
    int Count, int Silos, double KbPerPicture, double KbPerChatRoom, double KbPerIdleUser, double SilosResidentMbAfter, double Seconds);

/// <summary>
/// Memory at scale: <see cref="Count"/> pictures are shared, a chat is written on each (so each has an active chat
/// room), and as many user grains are woken by a read. Each step's growth of the silos' resident memory, divided
/// by the count, is what one more of them costs; garbage not yet collected counts too, as it does for an operator.
/// </summary>
public static class ScaleMemory
{
    public const int Count = 10_000;

    private const int Parallel = 16;

    public static async Task<ScaleResult> RunAsync(SystemUnderTest system, Seed seed, Action<string> progress)
    {
        var silos = system.FindGrainHostProcesses();
        if (silos.Count == 0)
        {
            throw new InvalidOperationException("the memory figures need the silo processes (and a co-hosted API) on this machine");
        }

        using var http = new HttpClient { BaseAddress = system.Api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seed.Owner.Token);
        var clock = Stopwatch.StartNew();
        var start = await SettledKbAsync(silos);

        progress($"  sharing {Count:#,0} pictures...");
        var pictures = await ForEachAsync(Enumerable.Range(0, Count), async i =>
            (await PostAsync(http, "/pics/create-picture", new { userId = seed.Owner.Id, picUrl = $"bench/scale-{i}.jpg" })).GetProperty("picId").GetInt64());
        var afterPictures = await SettledKbAsync(silos);

        progress($"  one chat on each ({Count:#,0} active chat rooms)...");
        await ForEachAsync(pictures, async picId =>
            await PostAsync(http, "/chats/create-chat", new { picId, fromUserId = seed.Owner.Id, toUserId = seed.Friend.Id, msgType = "text", content = "scale" }));
        var afterRooms = await SettledKbAsync(silos);

        // Ids far above any registered user: each read wakes a user grain that finds nothing and stays idle.
        progress($"  waking {Count:#,0} idle user grains...");
        await ForEachAsync(Enumerable.Range(0, Count), async i =>
        {
            using var response = await http.GetAsync($"/users/user-info-read?userId={1_000_000_000 + i}");
            return response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? 0
                : throw new InvalidOperationException($"user-info-read of a never-registered user answered {(int)response.StatusCode}");
        });
        var afterUsers = await SettledKbAsync(silos);

        return new ScaleResult(Count, silos.Count,
            (afterPictures - start) / (double)Count, (afterRooms - afterPictures) / (double)Count, (afterUsers - afterRooms) / (double)Count,
            afterUsers / 1024.0, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The silos' resident memory once it has stopped moving (a few seconds for queued work and the GC).</summary>
    private static async Task<long> SettledKbAsync(IReadOnlyList<Process> silos)
    {
        var last = silos.Sum(s => ProcessStats.ResidentKb(s.Id));
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = silos.Sum(s => ProcessStats.ResidentKb(s.Id));
            if (Math.Abs(now - last) < 1024)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private static async Task<List<T>> ForEachAsync<TItem, T>(IEnumerable<TItem> items, Func<TItem, Task<T>> action)
    {
        var results = new System.Collections.Concurrent.ConcurrentBag<T>();
        await System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallel },
            async (item, _) => results.Add(await action(item)));
        return [.. results];
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {json}");
    }
}
