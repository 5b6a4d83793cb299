using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using PicChat.Tests.Integration;
using Xunit.Abstractions;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Ten thousand seeded hostile requests over every documented endpoint (more with PICCHAT_FUZZ_REQUESTS; another
/// seed with PICCHAT_FUZZ_SEED): not one 5xx, every answer a JSON object with err and, for a request with the
/// endpoint's own method, one the OpenAPI document lists for it, and the system still serves.
/// A failure names the seed and the request's index, which regenerate that exact request.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class FuzzTests(PicChatFixture fixture, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261125;
    private const int DefaultRequests = 10_000;
    private const int Workers = 8;

    [Fact]
    public async Task TenThousandHostileRequestsGetNoServerErrorAndAlwaysAJsonErr()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PICCHAT_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("PICCHAT_FUZZ_REQUESTS"), out var n) ? n : DefaultRequests;
        using var api = fixture.Client();
        var targets = await CreateTargetsAsync(api);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var index = Interlocked.Increment(ref next); index < count && !deadline.IsCancellationRequested; index = Interlocked.Increment(ref next))
            {
                var request = new RequestFuzzer(new Random(unchecked(seed * 1_000_003 + index)), targets).Next();
                var (status, problem) = await SendAsync(fixture.ApiBase, request, targets.Endpoints, deadline.Token);
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                if (problem is not null)
                {
                    failures.Enqueue($"seed {seed} request {index}: {problem}\n    {request.Describe()}");
                }
            }
        })));

        output.WriteLine($"{count} requests (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine(failure);
        }

        Assert.False(deadline.IsCancellationRequested, "The fuzz run did not finish within five minutes.");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers; the first: {failures.FirstOrDefault()}");
        // Still up and serving: health, and a whole new user with a picture and a chat.
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health")).StatusCode);
        await fixture.WaitUntilServingAsync();
    }

    internal static async Task<FuzzTargets> CreateTargetsAsync(ApiClient api)
    {
        var scenario = await ChatScenario.CreateAsync(api);
        var chatId = await scenario.SendAsync(scenario.Friend, scenario.Owner, "fuzz target");
        var users = new[] { scenario.Owner, scenario.Friend, scenario.Stranger }.Select(u => (u.Id, u.Token, u.Email)).ToArray();
        var expendable = new List<(long, string, string)>();
        for (var i = 0; i < 10; i++)
        {
            var user = await api.RegisterAsync();
            expendable.Add((user.Id, user.Token, user.Email));
        }

        return new FuzzTargets(await OpenApiEndpoint.ReadAllAsync(api), users, expendable, scenario.PicId, chatId);
    }

    /// <summary>Sends one request; returns its status (0 for none) and what is wrong with the answer, if anything.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(
        Uri server, FuzzRequest request, IReadOnlyList<OpenApiEndpoint> endpoints, CancellationToken cancellationToken)
    {
        var headers = new List<(string, string)>();
        if (request.ContentType is not null) headers.Add(("Content-Type", request.ContentType));
        if (request.Authorization is not null) headers.Add(("Authorization", request.Authorization));
        if (request.Cookie is not null) headers.Add(("Cookie", request.Cookie));
        var bytes = request.Raw ?? RawHttp.Request(request.Method, request.Target, server, headers, request.Body);

        var answer = await RawHttp.SendAsync(server, bytes, cancellationToken);
        if (answer is null)
        {
            return (0, "no HTTP answer: the server closed the connection");
        }

        // An allowed subscription is a stream, not a JSON answer; HEAD answers carry no body by definition.
        if (answer.IsEventStream && answer.Status == 200)
        {
            return (answer.Status, null);
        }

        var problem = Check(answer.Status, request.Method == "HEAD", answer.Body);
        var path = request.Target.Split('?', 2)[0];
        if (problem is null && request.Raw is null && endpoints.FirstOrDefault(e => e.Method == request.Method && e.Path == path) is { } endpoint)
        {
            using var json = JsonDocument.Parse(answer.Body);
            var code = json.RootElement.GetProperty("err") is { ValueKind: JsonValueKind.Object } err ? err.GetProperty("code").GetString() : null;
            problem = endpoint.Documents(answer.Status, code) ? null : $"{answer.Status} {code} is not in the OpenAPI document for {endpoint}";
        }

        return (answer.Status, problem);
    }

    /// <summary>Null when the answer keeps the contract: below 500, a JSON object with err (null only on success).</summary>
    internal static string? Check(int status, bool head, byte[] body)
    {
        if (status >= 500)
        {
            return $"{status}: {Encoding.UTF8.GetString(body)}";
        }

        if (head)
        {
            return null; // HEAD answers carry no body by definition
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("err", out var err))
            {
                return $"{status} without an err member: {Encoding.UTF8.GetString(body)}";
            }

            var ok = status == 200
                ? err.ValueKind == JsonValueKind.Null
                : err.ValueKind == JsonValueKind.Object && err.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                  && err.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String;
            return ok ? null : $"{status} with err {err}";
        }
        catch (JsonException)
        {
            return $"{status} not JSON: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])}";
        }
    }
}
