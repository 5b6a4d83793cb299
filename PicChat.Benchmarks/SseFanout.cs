using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace PicChat.Benchmarks;

/// <summary>
/// What the fan-out measured: delivery latency from the sender's acknowledgement to each subscriber's receipt,
/// the API's resident memory per subscriber, and the TCP connections the subscribers took (the benchmark's own
/// count) and the sockets they cost the API (its open socket descriptors, after minus before).
/// </summary>
public sealed record FanoutResult(string Protocol, int Subscribers, int Connected, int Chats, long Expected, long Received,
    double P50Ms, double P99Ms, double? MemoryPerSubscriberKb, int Connections, int? ApiSockets,
    double? ApiIdleCpuPercent, double? ApiCpuUsPerDelivery, double ClientCpuUsPerDelivery, IReadOnlyDictionary<string, int> Failures);

/// <summary>
/// Many SSE subscribers on one picture of one API instance; the owner sends chats one by one, and every
/// subscriber must receive every one of them. Latency is from the sender's acknowledgement to the receipt.
/// Subscribers are HTTP/2 streams on the API's HTTP/2 port, as many per connection as the server allows and
/// further connections as needed (<c>h2</c>), or a connection each on the contract's port (<c>http1.1</c>).
/// </summary>
public static class SseFanout
{
    /// <summary>Two heartbeat and session-check periods (15 s each), so the idle figure does not depend on where in one it starts.</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(30);

    public static async Task<FanoutResult> RunAsync(SystemUnderTest system, Seed seed, string protocol, int subscribers, int chats,
        Action<string> progress)
    {
        var h2 = protocol == "h2";
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var subscribeBase = h2 ? system.Http2Api ?? throw new InvalidOperationException("no HTTP/2 port to subscribe on") : system.Api;
        using var subscribing = new HttpClient(handler)
        {
            BaseAddress = subscribeBase,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = h2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var http = new HttpClient { BaseAddress = system.Api, Timeout = TimeSpan.FromSeconds(30) };
        var api = system.FindApiProcess();
        var memoryBefore = api is null ? 0 : ProcessStats.ResidentKb(api.Id);
        var socketsBefore = api is null ? 0 : ProcessStats.Sockets(api.Id);

        using var stop = new CancellationTokenSource();
        var received = new ConcurrentBag<(long ChatId, long At)>();
        var failures = new ConcurrentDictionary<string, int>();
        var connected = 0;
        var subscriberTasks = new List<Task>(subscribers);
        for (var i = 0; i < subscribers; i++)
        {
            subscriberTasks.Add(SubscribeAsync(subscribing, seed, received, failures, () => Interlocked.Increment(ref connected), stop.Token));
            if (i % 500 == 499)
            {
                progress($"  {i + 1:#,0} subscribers opened, {Volatile.Read(ref connected):#,0} connected");
                await Task.Delay(200); // a ramp, as real clients arrive: no accept-queue overflow
            }
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var nextProgress = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Volatile.Read(ref connected) < subscribers && DateTime.UtcNow < deadline && subscriberTasks.Any(t => !t.IsCompleted))
        {
            await Task.Delay(500);
            if (DateTime.UtcNow >= nextProgress)
            {
                progress($"  {Volatile.Read(ref connected):#,0} connected{Describe(failures)}");
                nextProgress += TimeSpan.FromSeconds(5);
            }
        }

        var ready = Volatile.Read(ref connected);
        await Task.Delay(TimeSpan.FromSeconds(2));
        double? perSubscriber = api is null || ready == 0 ? null : (ProcessStats.ResidentKb(api.Id) - memoryBefore) / (double)ready;
        int? apiSockets = api is null ? null : ProcessStats.Sockets(api.Id) - socketsBefore;
        progress($"  {ready:#,0} of {subscribers:#,0} subscribed over {Volatile.Read(ref connections):#,0} connections ({protocol}){Describe(failures)}; sending {chats} chats");

        // What holding the subscribers costs while nothing is sent (heartbeats, session checks), as a share of one core.
        double? idleCpu = null;
        if (api is not null)
        {
            var idleBefore = ProcessStats.CpuTime(api.Id);
            await Task.Delay(IdleWindow);
            idleCpu = (ProcessStats.CpuTime(api.Id) - idleBefore) / IdleWindow * 100;
        }

        // CPU from the first chat until every delivery arrived (or the wait gave up): the cost of the fan-out itself.
        var apiCpuBefore = api is null ? TimeSpan.Zero : ProcessStats.CpuTime(api.Id);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
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

        var apiCpu = api is null ? (TimeSpan?)null : ProcessStats.CpuTime(api.Id) - apiCpuBefore;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(subscriberTasks);
        var latencies = received.Where(r => acks.ContainsKey(r.ChatId))
            .Select(r => Math.Max(0, Stopwatch.GetElapsedTime(acks[r.ChatId], r.At).TotalMilliseconds))
            .Order().ToArray();
        return new FanoutResult(protocol, subscribers, ready, acks.Count, expected, latencies.Length,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), perSubscriber, Volatile.Read(ref connections), apiSockets,
            idleCpu, apiCpu?.TotalMicroseconds / Math.Max(1, latencies.Length), clientCpu.TotalMicroseconds / Math.Max(1, latencies.Length),
            new SortedDictionary<string, int>(failures));
    }

    /// <summary>
    /// One subscriber: a 503 (the cluster is too busy for the arrival rate) is retried after a pause, as an app
    /// would; then every chat id in the stream's data lines is recorded with the time its bytes arrived. Bytes
    /// are scanned as they are, without a string per line, so that the benchmark's own CPU (it shares the
    /// machine) stays small beside the API's.
    /// </summary>
    private static async Task SubscribeAsync(HttpClient http, Seed seed, ConcurrentBag<(long, long)> received,
        ConcurrentDictionary<string, int> failures, Action connected, CancellationToken stop)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/chats/subscribe?picId={seed.QuietPicture}")
                {
                    Version = http.DefaultRequestVersion,
                    VersionPolicy = http.DefaultVersionPolicy,
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.Friend.Token);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts)
                {
                    failures.AddOrUpdate("retried after HTTP 503", 1, (_, n) => n + 1);
                    await Task.Delay(TimeSpan.FromSeconds(1 + 2 * Random.Shared.NextDouble()), stop);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    failures.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    return;
                }

                await using var body = await response.Content.ReadAsStreamAsync(stop);
                await ReadEventsAsync(body, received, connected, stop);
                failures.AddOrUpdate("ended by the server", 1, (_, n) => n + 1);
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            failures.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    private const int MaxAttempts = 5;

    private static async Task ReadEventsAsync(Stream body, ConcurrentBag<(long, long)> received, Action connected, CancellationToken stop)
    {
        var buffer = new byte[4096];
        var kept = 0;
        var first = true;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(kept), stop)) > 0)
        {
            var at = Stopwatch.GetTimestamp();
            if (first)
            {
                first = false;
                connected();
            }

            var bytes = buffer.AsSpan(0, kept + read);
            var complete = bytes.LastIndexOf((byte)'\n') + 1;
            foreach (var range in bytes[..complete].Split((byte)'\n'))
            {
                var line = bytes[..complete][range];
                var chatId = line.IndexOf("\"chatId\":"u8);
                if (line.StartsWith("data:"u8) && chatId >= 0)
                {
                    var digits = line[(chatId + 9)..];
                    var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                    received.Add((long.Parse(end < 0 ? digits : digits[..end]), at));
                }
            }

            // An unfinished line waits for the rest (one longer than the buffer is dropped: no event is that long).
            var rest = bytes[complete..];
            if (rest.Length == buffer.Length)
            {
                rest = [];
            }

            rest.CopyTo(buffer);
            kept = rest.Length;
        }
    }

    private static string Describe(ConcurrentDictionary<string, int> failures) =>
        failures.IsEmpty ? "" : " (failed: " + string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Value:#,0} {f.Key}")) + ")";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
