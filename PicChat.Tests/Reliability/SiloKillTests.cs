using PicChat.Tests.Integration;
using Xunit.Abstractions;

namespace PicChat.Tests.Reliability;

/// <summary>kill -9 of a silo under load: nothing acknowledged is lost or doubled, and service is back within seconds.</summary>
[Collection(PicChatCollection.Name)]
public sealed class SiloKillTests(PicChatFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task KillingOneOfTwoSilosUnderLoadLosesNothingAcknowledgedAndServiceIsBackWithinTenSeconds()
    {
        await using var victim = await SiloProcess.StartAsync(fixture);
        using var api = fixture.Client();
        api.Http.Timeout = TimeSpan.FromSeconds(30);
        var load = await ChatLoad.PrepareAsync(api, senders: 12);
        using var stop = new CancellationTokenSource();

        // Arrange: steady load on both silos, then kill -9 one of them mid-flight.
        var running = load.RunAsync(stop.Token, maxMessagesPerSender: 2000, pause: TimeSpan.FromMilliseconds(20));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var killedAt = load.Now;
        victim.Kill();
        await Task.Delay(TimeSpan.FromSeconds(15));
        var stoppedAt = load.Now;
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromMinutes(1));
        await fixture.WaitUntilServingAsync();

        var afterKill = load.Attempts.Where(a => a.Start >= killedAt).ToArray();
        output.WriteLine(load.Summary());
        output.WriteLine($"after the kill: {afterKill.Length} attempts, slowest {afterKill.Max(a => a.Took).TotalMilliseconds:F0} ms; "
            + $"success in +0..5 s {load.SuccessRatio(killedAt, killedAt + TimeSpan.FromSeconds(5)):P1}, "
            + $"+5..10 s {load.SuccessRatio(killedAt + TimeSpan.FromSeconds(5), killedAt + TimeSpan.FromSeconds(10)):P1}, "
            + $"+10..15 s {load.SuccessRatio(killedAt + TimeSpan.FromSeconds(10), stoppedAt):P1}");

        // Assert: only 200, 503 and 504, each within the five-second budget (plus slack for a busy machine) ...
        Assert.All(load.Attempts, a => Assert.True(a.Status is 200 or 503 or 504, $"{a.Status} {a.Code}"));
        Assert.All(load.Attempts, a => Assert.True(a.Took < TimeSpan.FromSeconds(6.5), $"{a.Took} for {a.Status} {a.Code}"));
        // ... nothing acknowledged lost or doubled, nothing "unavailable" stored ...
        Assert.Empty(await load.VerifyStorageAsync(fixture));
        // ... and from ten seconds after the kill on, practically everything succeeds again.
        Assert.True(load.SuccessRatio(killedAt + TimeSpan.FromSeconds(10), stoppedAt) >= 0.99);
        Assert.Equal(6, await SiloProcess.ReadStatusAsync(fixture, victim.SiloPort));

        // The killed silo comes back on its old port and rejoins the cluster.
        await using var restarted = await SiloProcess.StartAsync(fixture, victim.SiloPort);
        Assert.Equal(3, await SiloProcess.ReadStatusAsync(fixture, restarted.SiloPort));
        Assert.True((await api.RegisterAsync()).Id > 0);
        await restarted.StopAsync();
        await fixture.WaitUntilServingAsync();
    }
}
