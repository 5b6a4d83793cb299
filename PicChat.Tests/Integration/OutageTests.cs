using System.Net;

namespace PicChat.Tests.Integration;

/// <summary>PostgreSQL going away is not a bug: callers get 503 and may retry, and nothing unacknowledged shows up.</summary>
[Collection(PicChatCollection.Name)]
public sealed class OutageTests(PicChatFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task WritesAreUnavailableWhilePostgresIsDownAndWorkAgainAfter()
    {
        var user = await _api.RegisterAsync();

        await fixture.StopPostgresAsync();
        try
        {
            var update = await _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "5550100" }, user.Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, update.Status);
            Assert.Equal("unavailable", update.ErrorCode);

            var register = await _api.PostAsync("/users/user-register", new { email = Grains.Unique.Email(), password = "123456" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, register.Status);
            Assert.Equal("unavailable", register.ErrorCode);

            // Not ready, but alive: an orchestrator should wait, not restart the process.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _api.Http.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/alive")).StatusCode);
        }
        finally
        {
            await fixture.StartPostgresAsync();
        }

        await fixture.WaitUntilServingAsync();

        for (var attempt = 0; attempt < 30 && (await _api.Http.GetAsync("/health")).StatusCode != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(500);
        }

        Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/health")).StatusCode);

        // The failed update was never acknowledged, so it must not be read back once storage returns.
        var info = await RetryWhileUnavailableAsync(() => _api.GetAsync($"/users/user-info-read?userId={user.Id}", token: user.Token));
        Assert.True(info.IsSuccess);
        Assert.Equal(JsonValueKindNull, info.Json.GetProperty("user").GetProperty("mobile").ValueKind);

        var retried = await RetryWhileUnavailableAsync(() =>
            _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "5550100" }, user.Token));
        Assert.True(retried.IsSuccess);
        Assert.Equal("5550100", retried.Json.GetProperty("user").GetProperty("mobile").GetString());
    }

    [Fact]
    public async Task WhilePostgresIsFrozenWritesAnswerInTimeAndNeverSayNothingChangedAboutAWriteThatLands()
    {
        var first = await ChatScenario.CreateAsync(_api);
        var second = await ChatScenario.CreateAsync(_api);
        var clientMsgId = Guid.NewGuid().ToString("N");
        var content = "frozen " + Guid.NewGuid().ToString("N");
        // Active chat rooms, so the freeze meets the INSERT itself rather than a room loading its state.
        var warm = new[] { await first.SendAsync(first.Owner, first.Friend, "warm"), await second.SendAsync(second.Owner, second.Friend, "warm") };

        await fixture.FreezePostgresAsync();
        (ApiResponse Answer, TimeSpan Took)[] answers;
        try
        {
            answers = await Task.WhenAll(
                TimedAsync(() => first.SendRawAsync(first.Friend, first.Owner, content, clientMsgId)),
                TimedAsync(() => second.SendRawAsync(second.Friend, second.Owner, content)),
                TimedAsync(() => _api.PostAsync("/users/user-info-update", new { userId = first.Owner.Id, mobile = "5550199" }, first.Owner.Token)));
        }
        finally
        {
            await fixture.ThawPostgresAsync();
        }

        foreach (var (answer, took) in answers)
        {
            output.WriteLine($"{took.TotalMilliseconds:F0} ms: {(int)answer.Status} {answer.ErrorCode}");
        }

        // Within the five-second budget (plus slack for a busy test machine), not Orleans' 30 s.
        Assert.All(answers, a => Assert.True(a.Took < TimeSpan.FromSeconds(7), $"{a.Took} for {a.Answer.Json}"));
        Assert.All(answers, a => Assert.Contains(a.Answer.ErrorCode, new[] { "unavailable", "outcome_unknown" }));
        // The INSERT without a clientMsgId was sent, so its fate is unknown, and the answer says so.
        Assert.Equal(HttpStatusCode.GatewayTimeout, answers[1].Answer.Status);
        Assert.Equal("outcome_unknown", answers[1].Answer.ErrorCode);

        // Once PostgreSQL runs again: whatever was answered "unavailable" (nothing changed) is indeed not stored ...
        // A client retries an idempotent send (same clientMsgId) after 504 as well: just after the thaw, the room
        // may still be finishing the write the freeze caught, and the retry can time out behind it.
        var retried = await RetryWhileUnavailableAsync(() => first.SendRawAsync(first.Friend, first.Owner, content, clientMsgId),
            alsoAfter: HttpStatusCode.GatewayTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var firstRows = await fixture.QueryLongsAsync("SELECT chat_id FROM picchat_chats WHERE pic_id = $1", first.PicId);
        var profile = await RetryWhileUnavailableAsync(() => _api.GetAsync("/users/user-info-read", new { userId = first.Owner.Id }, first.Owner.Token));
        if (answers[0].Answer.ErrorCode == "unavailable")
        {
            Assert.Equal([warm[0], retried.Json.GetProperty("chatId").GetInt64()], firstRows.Order());
        }

        if (answers[2].Answer.ErrorCode == "unavailable")
        {
            Assert.Equal(JsonValueKindNull, profile.Json.GetProperty("user").GetProperty("mobile").ValueKind);
        }

        // ... and a retry with the same clientMsgId stores the chat exactly once, whatever happened before.
        Assert.True(retried.IsSuccess, retried.Json.ToString());
        Assert.Equal(2, firstRows.Count);
        await fixture.WaitUntilServingAsync();
    }

    private static async Task<(ApiResponse, TimeSpan)> TimedAsync(Func<Task<ApiResponse>> call)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await call();
        return (answer, clock.Elapsed);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task<ApiResponse> RetryWhileUnavailableAsync(Func<Task<ApiResponse>> call, HttpStatusCode? alsoAfter = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await call();
            if ((response.Status != HttpStatusCode.ServiceUnavailable && response.Status != alsoAfter) || attempt == 30)
            {
                return response;
            }

            await Task.Delay(500);
        }
    }
}
