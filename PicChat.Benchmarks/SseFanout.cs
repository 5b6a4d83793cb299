using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PicChat.Benchmarks;

/// <summary>What the fan-out measured: delivery latency from the sender's acknowledgement to each subscriber's receipt.</summary>
public sealed record FanoutResult(int Subscribers, int Connected, int Chats, long Expected, long Received,
    double P50Ms, double P99Ms, double? MemoryPerSubscriberKb);

/// <summary>
/// Many SSE subscribers on one picture of one API instance; the owner sends chats one by one, and every
/// subscriber must receive every one of them. Latency is from the sender's acknowledgement to the receipt.
/// </summary>
public static class SseFanout
{
    public static async Task<FanoutResult> RunAsync(SystemUnderTest system, Seed seed, int subscribers, int chats, Action<string> progress)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { BaseAddress = system.Api, Timeout = Timeout.InfiniteTimeSpan };
        var api = system.FindApiProcess();
        var memoryBefore = api is null ? 0 : ResidentKb(api.Id);

        using var stop = new CancellationTokenSource();
        var received = new ConcurrentBag<(long ChatId, long At)>();
        var connected = 0;
        var subscriberTasks = new List<Task>(subscribers);
        for (var i = 0; i < subscribers; i++)
        {
            subscriberTasks.Add(SubscribeAsync(http, seed, received, () => Interlocked.Increment(ref connected), stop.Token));
            if (i % 500 == 499)
            {
                progress($"  {i + 1:#,0} subscribers opened, {Volatile.Read(ref connected):#,0} connected");
                await Task.Delay(200); // a ramp, as real clients arrive: no accept-queue overflow
            }
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (Volatile.Read(ref connected) < subscribers && DateTime.UtcNow < deadline && subscriberTasks.Any(t => !t.IsCompleted))
        {
            await Task.Delay(500);
        }

        var ready = Volatile.Read(ref connected);
        await Task.Delay(TimeSpan.FromSeconds(2));
        double? perSubscriber = api is null || ready == 0 ? null : (ResidentKb(api.Id) - memoryBefore) / (double)ready;
        progress($"  {ready:#,0} of {subscribers:#,0} subscribed; sending {chats} chats");

        var acks = new Dictionary<long, long>();
        for (var i = 0; i < chats; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/chats/create-chat")
            {
                Content = JsonContent.Create(new { picId = seed.QuietPicture, fromUserId = seed.Owner.Id, toUserId = seed.Friend.Id, msgType = "text", content = $"fan-out {i}" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.Owner.Token);
            using var response = await http.SendAsync(request);
            var ackedAt = Stopwatch.GetTimestamp();
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.IsSuccessStatusCode)
            {
                acks[json.GetProperty("chatId").GetInt64()] = ackedAt;
            }

            await Task.Delay(500);
        }

        var expected = (long)ready * acks.Count;
        var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (received.Count(r => acks.ContainsKey(r.ChatId)) < expected && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(500);
        }

        await stop.CancelAsync();
        await Task.WhenAll(subscriberTasks);
        var latencies = received.Where(r => acks.ContainsKey(r.ChatId))
            .Select(r => Math.Max(0, Stopwatch.GetElapsedTime(acks[r.ChatId], r.At).TotalMilliseconds))
            .Order().ToArray();
        return new FanoutResult(subscribers, ready, acks.Count, expected, latencies.Length,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), perSubscriber);
    }

    private static async Task SubscribeAsync(HttpClient http, Seed seed, ConcurrentBag<(long, long)> received, Action connected,
        CancellationToken stop)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/chats/subscribe?picId={seed.QuietPicture}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.Friend.Token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            if (!response.IsSuccessStatusCode)
            {
                return;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            var first = true;
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (first)
                {
                    first = false;
                    connected();
                }

                var at = line.IndexOf("\"chatId\":", StringComparison.Ordinal);
                if (line.StartsWith("data:", StringComparison.Ordinal) && at >= 0)
                {
                    var digits = line.AsSpan(at + 9);
                    var end = digits.IndexOfAnyExceptInRange('0', '9');
                    received.Add((long.Parse(end < 0 ? digits : digits[..end]), Stopwatch.GetTimestamp()));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
        }
    }

    private static long ResidentKb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
