using PicChat.Tests.Integration;
using Xunit.Abstractions;

namespace PicChat.Tests.Reliability;

/// <summary>kill -9 of the API instance under load and its restart: nothing acknowledged is lost, sessions survive.</summary>
[Collection(PicChatCollection.Name)]
public sealed class ApiKillTests(PicChatFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task KillingTheApiUnderLoadLosesNothingAcknowledgedAndTheRestartedInstanceServes()
    {
        var port = PicChatFixture.FreePort();
        var first = ApiProcess.Start(fixture, port);
        await using var _ = first;
        using var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) });
        await WaitUntilServingAsync(api);
        var load = await ChatLoad.PrepareAsync(api, senders: 8);
        var survivor = await api.RegisterAsync();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token, maxMessagesPerSender: 5000, pause: TimeSpan.FromMilliseconds(20));

        await Task.Delay(TimeSpan.FromSeconds(4));
        var killedAt = load.Now;
        first.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var restartedAt = load.Now;
        await using var second = ApiProcess.Start(fixture, port);
        await WaitUntilServingAsync(api);
        var servingAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var endedAt = load.Now;
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromMinutes(2));

        output.WriteLine(load.Summary());
        output.WriteLine($"killed at {killedAt.TotalSeconds:F1} s, started again at {restartedAt.TotalSeconds:F1} s, "
            + $"serving {(servingAt - restartedAt).TotalSeconds:F1} s later; last 3 s {load.SuccessRatio(endedAt - TimeSpan.FromSeconds(3), endedAt):P1}");

        // No answer (status 0) only for requests in flight or sent while no instance ran; every other a contract answer.
        Assert.All(load.Attempts.Where(a => a.Start + a.Took < killedAt || a.Start >= servingAt),
            a => Assert.True(a.Status is 200 or 503 or 504, $"{a.Status} {a.Code}"));
        Assert.Empty(await load.VerifyStorageAsync(fixture));
        Assert.True(load.SuccessRatio(endedAt - TimeSpan.FromSeconds(3), endedAt) >= 0.99);
        // Sessions live in the cluster, not in the instance.
        var profile = await api.GetAsync($"/users/user-info-read?userId={survivor.Id}", token: survivor.Token);
        Assert.True(profile.IsSuccess, profile.Json.ToString());
    }

    private static async Task WaitUntilServingAsync(ApiClient api)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                using var health = await api.Http.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The API process did not become healthy within a minute");
            }

            await Task.Delay(200);
        }
    }
}
