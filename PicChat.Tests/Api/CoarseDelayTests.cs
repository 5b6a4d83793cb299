using System.Diagnostics;
using PicChat.Api.Chats;

namespace PicChat.Tests.Api;

public sealed class CoarseDelayTests
{
    [Fact]
    public async Task DelaysEndTogetherOnTheNextWholeSecondAfterTheirTime()
    {
        var watch = Stopwatch.StartNew();

        // Act
        var waits = Enumerable.Range(0, 1000).Select(i => CoarseDelay.WaitAsync(TimeSpan.FromMilliseconds(i % 300), CancellationToken.None)).ToArray();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5));

        // Assert: none early, none more than the rounding and one timer period late.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task ACancelledDelayEndsAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        var wait = CoarseDelay.WaitAsync(TimeSpan.FromMinutes(5), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(1)));
    }
}
