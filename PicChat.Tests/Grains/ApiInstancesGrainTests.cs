using Orleans.Core.Internal;
using PicChat.Abstractions.Access;

namespace PicChat.Tests.Grains;

/// <summary>
/// The broadcaster to API instances keeps its subscribers across activations: a replacement tells them from its
/// first notice, and still answers each one's first renewal "not subscribed", since a notice may have been lost
/// with the activation before it.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ApiInstancesGrainTests(GrainClusterFixture fixture)
{
    private sealed class Instance : IApiInstanceObserver
    {
        public List<ReadChange> Changes { get; } = [];

        public Task SessionsEndedAsync(long userId, string? sessionHash) => Task.CompletedTask;

        public Task ReadsChangedAsync(ReadChange change)
        {
            lock (Changes) Changes.Add(change);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AReplacementActivationStillTellsEverySubscribedInstance()
    {
        var broadcaster = fixture.Grains.GetGrain<IApiInstancesGrain>(Random.Shared.NextInt64(1, long.MaxValue));
        var instance = new Instance();
        var observer = fixture.Cluster.Client.CreateObjectReference<IApiInstanceObserver>(instance);
        Assert.False(await broadcaster.SubscribeAsync(observer)); // new to it
        Assert.True(await broadcaster.SubscribeAsync(observer));

        await broadcaster.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);
        await broadcaster.ReadsChangedAsync(new ReadChange(ReadChangeKind.Friends, 42));

        Assert.Equal([new ReadChange(ReadChangeKind.Friends, 42)], instance.Changes);
        Assert.False(await broadcaster.SubscribeAsync(observer)); // first renewal to this activation
        Assert.True(await broadcaster.SubscribeAsync(observer));

        await broadcaster.UnsubscribeAsync(observer);
        await broadcaster.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);
        await broadcaster.ReadsChangedAsync(new ReadChange(ReadChangeKind.Picture, 7));
        Assert.Single(instance.Changes);
        Assert.False(await broadcaster.SubscribeAsync(observer));
        fixture.Cluster.Client.DeleteObjectReference<IApiInstanceObserver>(observer);
    }
}
