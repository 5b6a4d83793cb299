using System.Diagnostics;
using PicChat.Tests.AppHost;
using PicChat.Tests.Integration;
using Xunit.Abstractions;

namespace PicChat.Tests.Reliability;

/// <summary>
/// A power cut under load: every process of the system started by the real AppHost is killed at once, then the
/// AppHost is started again on the same data. Nothing acknowledged is lost, sessions survive, and the time to
/// the first answer is reported (docs/reliability.md), not asserted: the machine's load decides it.
/// </summary>
public sealed class PowerCutTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"picchat-powercut-{Guid.NewGuid():N}");

    [Fact]
    public async Task APowerCutUnderLoadLosesNothingAcknowledgedAndTheRestartedSystemServesAgain()
    {
        Directory.CreateDirectory(_dataDirectory);
        var ports = AppHostProcess.Ports.Free(silos: 2);
        using var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://localhost:{ports.Api}"), Timeout = TimeSpan.FromSeconds(5) });

        // A clean start, as a user's first `dotnet run --project PicChat.AppHost`.
        var cleanStart = Stopwatch.StartNew();
        var first = AppHostProcess.Start(_dataDirectory, ports, Path.Combine(_dataDirectory, "apphost-1.log"));
        ChatLoad load;
        TestUser survivor;
        try
        {
            await WaitUntilServingAsync(api, first);
            output.WriteLine($"clean start: first answer after {cleanStart.Elapsed.TotalSeconds:F1} s");
            survivor = await api.RegisterAsync();
            load = await ChatLoad.PrepareAsync(api, senders: 8);

            // Eight writers send chats with clientMsgIds for 8 s; then the power goes, mid-flight.
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token, maxMessagesPerSender: 5000, pause: TimeSpan.Zero);
            await Task.Delay(TimeSpan.FromSeconds(8));
            first.PowerCut();
            stop.Cancel();
            await running.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.DoesNotContain(first.Children(), ProcessTree.IsAlive);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var acknowledged = load.Attempts.Count(a => a.Status == 200);
        output.WriteLine($"before the cut: {load.Summary()}");
        Assert.True(acknowledged > 0, "the load acknowledged nothing before the cut");

        // The restart: same command, same data, same ports.
        var restart = Stopwatch.StartNew();
        await using var second = AppHostProcess.Start(_dataDirectory, ports, Path.Combine(_dataDirectory, "apphost-2.log"));
        var login = await WaitUntilServingAsync(api, second, survivor);
        output.WriteLine($"after the power cut: first answer after {restart.Elapsed.TotalSeconds:F1} s (login {(int)login})");

        // The old session still works, and every acknowledged chat is stored, once, under its chatId.
        var profile = await api.GetAsync($"/users/user-info-read?userId={survivor.Id}", token: survivor.Token);
        Assert.True(profile.IsSuccess, profile.Json.ToString());
        Assert.Empty(await load.VerifyStorageAsync(AppHostProcess.ConnectionString(_dataDirectory, ports.Postgres)));

        // Once it answers, it answers: a fresh load on the restarted system succeeds practically always.
        var after = await ChatLoad.PrepareAsync(api, senders: 4);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await after.RunAsync(stop.Token, maxMessagesPerSender: 2000, pause: TimeSpan.Zero).WaitAsync(TimeSpan.FromMinutes(1));
        }

        output.WriteLine($"after the restart: {after.Summary()}");
        Assert.True(after.SuccessRatio(TimeSpan.Zero, after.Now) >= 0.99, after.Summary());
        Assert.Empty(await after.VerifyStorageAsync(AppHostProcess.ConnectionString(_dataDirectory, ports.Postgres)));
    }

    /// <summary>Logs in (or probes) until the API answers 200; fails with the AppHost's log after the start timeout.</summary>
    private static async Task<System.Net.HttpStatusCode> WaitUntilServingAsync(ApiClient api, AppHostProcess host, TestUser? user = null)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = user is null
                    ? await api.PostAsync("/users/user-login", new { email = "nobody@example.com", password = "123456" })
                    : await api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password });
                // Without a user, "wrong password" (401 from the user grain) is an answer from the whole system too.
                if (answer.IsSuccess || (user is null && (int)answer.Status is 401 or 404))
                {
                    return answer.Status;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API did not answer within {StartTimeout}:\n{host.LogTail()}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
