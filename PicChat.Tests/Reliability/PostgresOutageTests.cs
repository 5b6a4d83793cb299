using System.Net;
using PicChat.Tests.Integration;
using Xunit.Abstractions;

namespace PicChat.Tests.Reliability;

/// <summary>
/// PostgreSQL stopped, then frozen, under steady load: every answer comes within the budget, none is a 500,
/// nothing acknowledged is lost, nothing answered "unavailable" appears later, and service comes back alone.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class PostgresOutageTests(PicChatFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task StoppingAndFreezingPostgresUnderLoadAnswersInTimeLosesNothingAndRecoversAlone()
    {
        using var api = fixture.Client();
        api.Http.Timeout = TimeSpan.FromSeconds(30);
        var load = await ChatLoad.PrepareAsync(api, senders: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token, maxMessagesPerSender: 5000, pause: TimeSpan.FromMilliseconds(20));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var stoppedAt = load.Now;
        await fixture.StopPostgresAsync();
        await Task.Delay(Outage);
        await fixture.StartPostgresAsync();
        var restartedAt = load.Now;
        await Task.Delay(Recovery);

        var frozenAt = load.Now;
        await fixture.FreezePostgresAsync();
        try
        {
            await Task.Delay(Outage);
        }
        finally
        {
            await fixture.ThawPostgresAsync();
        }

        var thawedAt = load.Now;
        await Task.Delay(Recovery);
        var endedAt = load.Now;
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromMinutes(2));
        await fixture.WaitUntilServingAsync();

        output.WriteLine(load.Summary());
        foreach (var (name, from, to) in new[]
        {
            ("before", TimeSpan.Zero, stoppedAt), ("stopped", stoppedAt, restartedAt), ("after restart", restartedAt, frozenAt),
            ("frozen", frozenAt, thawedAt), ("after thaw", thawedAt, endedAt),
        })
        {
            var window = load.Attempts.Where(a => a.Start >= from && a.Start < to).ToArray();
            output.WriteLine($"{name}: {window.Length} attempts, {load.SuccessRatio(from, to):P1} succeeded, "
                + $"slowest {(window.Length == 0 ? 0 : window.Max(a => a.Took).TotalMilliseconds):F0} ms, "
                + string.Join(", ", window.Where(a => a.Status != 200).GroupBy(a => $"{a.Status} {a.Code}").Select(g => $"{g.Key}: {g.Count()}")));
        }

        // Every answer is a contract answer, within the five-second budget plus slack for a busy machine.
        Assert.All(load.Attempts, a => Assert.True(a.Status is 200 or 503 or 504, $"{a.Status} {a.Code}"));
        Assert.All(load.Attempts, a => Assert.True(a.Took < TimeSpan.FromSeconds(6.5), $"{a.Took} for {a.Status} {a.Code}"));
        // Nothing acknowledged lost or doubled; nothing answered "unavailable" stored.
        Assert.Empty(await load.VerifyStorageAsync(fixture));
        // Recovery needs nobody: within the recovery windows the service is back.
        Assert.True(load.SuccessRatio(frozenAt - TimeSpan.FromSeconds(3), frozenAt) >= 0.99);
        Assert.True(load.SuccessRatio(endedAt - TimeSpan.FromSeconds(3), endedAt) >= 0.99);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task KillingPostgresUnderLoadLosesNothingAcknowledgedAndServiceComesBackAfterItsRestart()
    {
        using var api = fixture.Client();
        api.Http.Timeout = TimeSpan.FromSeconds(30);
        var load = await ChatLoad.PrepareAsync(api, senders: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token, maxMessagesPerSender: 5000, pause: TimeSpan.FromMilliseconds(20));

        // kill -9 mid-load, then the server is started again on its data: PostgreSQL's crash recovery.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = load.Now;
        await fixture.KillPostgresAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await fixture.StartPostgresAsync();
        var restartedAt = load.Now;
        await Task.Delay(Recovery);
        var endedAt = load.Now;
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromMinutes(2));
        await fixture.WaitUntilServingAsync();

        var firstSuccess = load.Attempts.Where(a => a.Start >= restartedAt && a.Status == 200).Select(a => a.Start + a.Took).DefaultIfEmpty(endedAt).Min();
        output.WriteLine(load.Summary());
        output.WriteLine($"killed at {killedAt.TotalSeconds:F1} s, restarted at {restartedAt.TotalSeconds:F1} s, first success "
            + $"{(firstSuccess - restartedAt).TotalSeconds:F1} s after the restart; last 3 s {load.SuccessRatio(endedAt - TimeSpan.FromSeconds(3), endedAt):P1}");

        Assert.All(load.Attempts, a => Assert.True(a.Status is 200 or 503 or 504, $"{a.Status} {a.Code}"));
        Assert.Empty(await load.VerifyStorageAsync(fixture));
        Assert.True(load.SuccessRatio(endedAt - TimeSpan.FromSeconds(3), endedAt) >= 0.99);
    }
}
