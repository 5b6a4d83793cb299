using System.Net;

namespace PicChat.Tests.Integration;

/// <summary>PostgreSQL going away is not a bug: callers get 503 and may retry, and nothing unacknowledged shows up.</summary>
[Collection(PicChatCollection.Name)]
public sealed class OutageTests(PicChatFixture fixture) : IDisposable
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

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task<ApiResponse> RetryWhileUnavailableAsync(Func<Task<ApiResponse>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await call();
            if (response.Status != HttpStatusCode.ServiceUnavailable || attempt == 30)
            {
                return response;
            }

            await Task.Delay(500);
        }
    }
}
