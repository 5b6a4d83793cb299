using System.Net;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// The fuzzer's requests as a real client sends them: through HttpClient, which keeps its connections open across
/// requests. A connection that a bad request ends must end visibly (<c>Connection: close</c>), never take the
/// next, good request down with it; <see cref="FuzzTests"/> opens a socket per request and cannot see that. The
/// same seeded <see cref="RequestFuzzer"/> and the same answer check; the raw, malformed ones are left out.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class ClientFuzzTests(PicChatFixture fixture)
{
    private const int Requests = 10_000;
    private const int Workers = 8;

    [Fact]
    public async Task HostileRequestsOnReusedConnectionsGetJsonErrorsAndNeverAServerError()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PICCHAT_FUZZ_SEED"), out var s) ? s : 20261125;
        using var api = fixture.Client();
        var targets = await FuzzTests.CreateTargetsAsync(api);
        var failures = new List<string>();
        var statuses = new int[600];
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            // One client per worker: its requests follow each other on the same few kept-alive connections.
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 })
            {
                BaseAddress = fixture.ApiBase,
                Timeout = TimeSpan.FromSeconds(15),
            };
            var previous = "";
            for (var index = worker; index < Requests; index += Workers)
            {
                var generated = new RequestFuzzer(new Random(unchecked(seed * 1_000_003 + index)), targets).Next();
                if (generated.Raw is not null || !Uri.TryCreate(generated.Target, UriKind.Relative, out var target))
                {
                    continue; // not something HttpClient can send
                }

                var description = $"seed {seed} request {index}: {generated.Describe()}";
                try
                {
                    using var response = await http.SendAsync(ToMessage(generated, target), HttpCompletionOption.ResponseHeadersRead);
                    Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                    var stream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
                    var problem = stream && response.StatusCode == HttpStatusCode.OK
                        ? null
                        : FuzzTests.Check((int)response.StatusCode, generated.Method == "HEAD", await response.Content.ReadAsByteArrayAsync());
                    if (problem is not null)
                    {
                        lock (failures) failures.Add($"{description}\n    -> {problem}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    lock (failures) failures.Add($"{description}\n    -> {ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}\n    after {previous}");
                }

                previous = description;
            }
        })));

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join('\n', failures.Take(10))}");
        Assert.Equal(0, statuses.Skip(500).Sum());
        // The requests reached past the edge: some were accepted, most refused.
        Assert.True(statuses[200] > 0 && statuses[400] > 0);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/alive")).StatusCode);
    }

    private static HttpRequestMessage ToMessage(FuzzRequest generated, Uri target)
    {
        var message = new HttpRequestMessage(new HttpMethod(generated.Method), target);
        if (generated.Body is not null)
        {
            message.Content = new ByteArrayContent(generated.Body);
            message.Content.Headers.ContentType = null;
            if (generated.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", generated.ContentType);
            }
        }

        if (generated.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", generated.Authorization);
        }

        if (generated.Cookie is not null)
        {
            message.Headers.TryAddWithoutValidation("Cookie", generated.Cookie);
        }

        return message;
    }
}
