using System.Net;
using System.Text;
using System.Text.Json;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// The fuzzer as a real client meets the API: through HttpClient, which reuses its connections across hostile
/// requests (a connection dropped after a bad request must never take the next, good one down with it; the raw
/// fuzzer in <see cref="FuzzTests"/> opens a socket per request). Seeded, over every endpoint of the OpenAPI document: wrong types, missing and extra members, huge and
/// deeply nested JSON, invalid UTF-8, NUL and lone surrogates in values and member names, boundary numbers,
/// injection strings, wrong methods and content types, oversized bodies and URLs. Every answer must be a 4xx or
/// 2xx JSON object with <c>err</c>, never a 5xx, and the processes must still serve afterwards. Set
/// <c>PICCHAT_FUZZ_SEED</c> to replay a run; a failure names its seed and request number.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class ClientFuzzTests(PicChatFixture fixture)
{
    private const int Requests = 10_000;
    private const int Workers = 8;

    private static readonly string[] Members =
    [
        "userId", "friendId", "nickName", "email", "password", "oldPassword", "newPassword", "avatar", "mobile", "picId",
        "picUrl", "ownerId", "limit", "before", "after", "chatId", "fromUserId", "toUserId", "msgType", "content",
        "voiceUrl", "clientMsgId",
    ];

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "1; DROP TABLE picchat_chats; --", "<script>alert(1)</script>", "../../../../etc/passwd",
        "${jndi:ldap://127.0.0.1/a}", "%00", "\\u0000", "{{7*7}}", "admin'--", "\r\nX-Injected: 1",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "9007199254740991", "9007199254740992", "9007199254740993", "-9007199254740993",
        "1e308", "-0", "1.5", "99999999999999999999999999", "1e-400", "0x10", "NaN", "\"12\"", "\"-3\"", "\" 7\"",
    ];

    [Fact]
    public async Task HostileRequestsOnReusedConnectionsGetJsonErrorsAndNeverAServerError()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PICCHAT_FUZZ_SEED"), out var s) ? s : 20261125;
        using var api = fixture.Client();
        var endpoints = (await OpenApiEndpoint.ReadAllAsync(api)).Select(e => (e.Method, e.Path)).ToList();
        var owner = await api.RegisterAsync();
        var friend = await api.RegisterAsync();
        Assert.True((await api.PostAsync("/friends/create-friend", new { userId = owner.Id, friendId = friend.Id }, owner.Token)).IsSuccess);
        var picture = await api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl = "fuzz/pic.jpg" }, owner.Token);
        var picId = picture.Json.GetProperty("picId").GetInt64();
        var context = new FuzzContext(endpoints, [owner, friend], picId);

        var failures = new List<string>();
        var statuses = new int[600];
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            // Not HashCode.Combine: it is randomized per process, and a seed must replay the same requests.
            var random = new Random(unchecked(seed * 1_000_003 + worker));
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.ApiBase, Timeout = TimeSpan.FromSeconds(15) };
            var previous = "";
            for (var i = worker; i < Requests; i += Workers)
            {
                using var request = context.NextRequest(random);
                var description = $"seed {seed}, worker {worker}, request {i}: {request.Method} {Truncate(request.RequestUri!.ToString())} [{request.Content?.Headers.ContentType}; {request.Content?.Headers.ContentLength}]";
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                    description += $" -> {(int)response.StatusCode} {response.Headers.ConnectionClose}";
                    if (await CheckAsync(response) is { } problem)
                    {
                        lock (failures) failures.Add($"{description} -> {(int)response.StatusCode}: {problem}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    lock (failures) failures.Add($"{description} -> {ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message} (after {previous})");
                }

                previous = description;
            }
        })));

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join('\n', failures.Take(20))}");
        Assert.Equal(0, statuses.Skip(500).Sum());
        // The fuzzer reached past the edge: some requests were accepted, most refused.
        Assert.True(statuses[200] > 0 && statuses[400] > 0, $"statuses: {Summary(statuses)}");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/alive")).StatusCode);
        // The fuzzer may have logged its users out or destroyed them; a newcomer is served as usual.
        var newcomer = await api.RegisterAsync();
        Assert.True((await api.GetAsync("/users/user-info-read", new { userId = newcomer.Id }, newcomer.Token)).IsSuccess);
        using var silo = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await silo.GetAsync(fixture.SiloManagementUrl + "/alive")).StatusCode);
    }

    /// <summary>Null when the answer keeps the contract: below 500, a JSON object with <c>err</c> (or an event stream).</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            return await response.Content.ReadAsStringAsync();
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return response.StatusCode == HttpStatusCode.OK ? null : "an event stream that is not 200";
        }

        var body = await response.Content.ReadAsStringAsync();
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("err", out var err))
            {
                return "no err member: " + Truncate(body);
            }

            var ok = (int)response.StatusCode < 300;
            return ok == (err.ValueKind == JsonValueKind.Null) && (ok || err.TryGetProperty("code", out _)) ? null : "err does not match the status: " + Truncate(body);
        }
        catch (JsonException)
        {
            return "not JSON: " + Truncate(body);
        }
    }

    private static string Summary(int[] statuses) =>
        string.Join(", ", statuses.Select((count, status) => (count, status)).Where(x => x.count > 0).Select(x => $"{x.status}×{x.count}"));

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>Builds one hostile request from a random source.</summary>
    private sealed class FuzzContext(IReadOnlyList<(string Method, string Path)> endpoints, TestUser[] users, long picId)
    {
        public HttpRequestMessage NextRequest(Random random)
        {
            var (method, path) = endpoints[random.Next(endpoints.Count)];
            var user = users[random.Next(users.Length)];
            var kind = random.Next(12);
            if (kind == 0)
            {
                method = new[] { "PUT", "PATCH", "GET", "POST", "DELETE", "OPTIONS" }[random.Next(6)]; // often the wrong one
            }

            var query = method is "GET" or "DELETE" && random.Next(2) == 0;
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (random.Next(10) != 0)
            {
                request.Headers.Authorization = new("Bearer", random.Next(20) == 0 ? "garbage-" + random.Next() : user.Token);
            }

            if (kind == 1)
            {
                // An oversized URL: a query string far past Kestrel's limits.
                request.RequestUri = new Uri(path + "?userId=" + new string('9', 9_000 + random.Next(10_000)), UriKind.Relative);
                return request;
            }

            var body = kind switch
            {
                2 => Encoding.UTF8.GetBytes("{\"content\":\"" + new string('x', 70_000) + "\"}"),
                3 => Encoding.UTF8.GetBytes(new string('[', 500 + random.Next(5000)) + new string(']', 10)),
                4 => Encoding.UTF8.GetBytes("{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 301)),
                5 => InvalidUtf8(random),
                _ => Encoding.UTF8.GetBytes(RandomObject(random, user)),
            };

            if (query)
            {
                var json = Encoding.UTF8.GetString(body);
                var pairs = Members.Where(_ => random.Next(3) == 0).Select(m => $"{m}={Uri.EscapeDataString(RandomScalar(random, user).Trim('"'))}");
                request.RequestUri = new Uri(path + "?" + string.Join('&', pairs) + (random.Next(4) == 0 ? "&%00=%ff%fe" : ""), UriKind.Relative);
                if (random.Next(2) == 0 || json.Length > 1000)
                {
                    return request;
                }
            }

            request.Content = new ByteArrayContent(body);
            var contentType = random.Next(10) switch
            {
                0 => "text/plain",
                1 => "application/x-www-form-urlencoded",
                2 => null,
                3 => "application/json; charset=latin1",
                _ => "application/json",
            };
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            return request;
        }

        private string RandomObject(Random random, TestUser user)
        {
            var members = Members.Where(_ => random.Next(3) == 0).ToList();
            if (random.Next(5) == 0)
            {
                members.Add(random.Next(3) switch { 0 => "extra", 1 => "a\\u0000b", _ => "\\ud800" }); // unknown or invalid names
            }

            var parts = members.Select(m => $"\"{m}\":{RandomValue(random, user, m)}");
            var text = "{" + string.Join(',', parts) + "}";
            return random.Next(25) switch
            {
                0 => "[" + text + "]",
                1 => "null",
                2 => text + "garbage",
                3 => text[..(text.Length / 2)],
                4 => "",
                _ => text,
            };
        }

        private string RandomValue(Random random, TestUser user, string member) => random.Next(8) switch
        {
            0 => "null",
            1 => "true",
            2 => "[1,2]",
            3 => "{\"x\":1}",
            _ => member switch
            {
                "userId" or "fromUserId" or "ownerId" => random.Next(3) == 0 ? RandomScalar(random, user) : user.Id.ToString(),
                "picId" => random.Next(3) == 0 ? RandomScalar(random, user) : picId.ToString(),
                _ => RandomScalar(random, user),
            },
        };

        private string RandomScalar(Random random, TestUser user) => random.Next(6) switch
        {
            0 => Numbers[random.Next(Numbers.Length)],
            1 => "\"" + Injections[random.Next(Injections.Length)].Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n") + "\"",
            2 => new[] { "\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000\"", "\"\\udfff\\ud800\"" }[random.Next(4)],
            3 => "\"" + user.Email + "\"",
            4 => "\"" + new string('a', random.Next(3000)) + "\"",
            _ => "\"" + random.Next() + "\"",
        };

        private static byte[] InvalidUtf8(Random random)
        {
            byte[][] bad = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
            var prefix = Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "{\"content\":\"" : "{\"");
            var suffix = Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "\"}" : "\":1}");
            return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
        }
    }
}
