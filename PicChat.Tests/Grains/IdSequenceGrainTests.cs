using Orleans.Core.Internal;
using Orleans.Runtime;
using PicChat.Abstractions.Ids;
using PicChat.Grains.Ids;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class IdSequenceGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task ConcurrentCallersNeverGetTheSameId()
    {
        var sequence = fixture.Grains.GetGrain<IIdSequenceGrain>(Unique.Key("seq"));

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => sequence.AllocateIdAsync()));

        Assert.Equal(200, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 1, PicChat.Abstractions.Limits.MaxId));
    }

    [Fact]
    public async Task IdsAreNeverReusedAfterTheGrainIsDeactivated()
    {
        var key = Unique.Key("seq");
        var sequence = fixture.Grains.GetGrain<IIdSequenceGrain>(key);
        var before = new List<long> { await sequence.AllocateIdAsync(), await sequence.AllocateIdAsync() };

        await sequence.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);
        var after = await fixture.Grains.GetGrain<IIdSequenceGrain>(key).AllocateIdAsync();

        Assert.True(after > before.Max(), $"id {after} handed out again after {string.Join(",", before)}");
    }
}
