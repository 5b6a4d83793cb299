using Orleans.Runtime;
using PicChat.Abstractions.Hosting;
using PicChat.Abstractions.Ids;
using PicChat.Abstractions.Users;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class GrainReferencesTests(GrainClusterFixture fixture)
{
    [Fact]
    public void IntegerKeyedReferencesAreTheOnesOrleansMakes()
    {
        // The first call resolves the names; the later ones reuse them, for other keys too.
        foreach (var key in (long[])[7, 8, long.MaxValue])
        {
            AssertSame(fixture.Grains.GetGrain<IUserGrain>(key), fixture.Grains.Grain<IUserGrain>(key));
        }
    }

    [Fact]
    public async Task StringKeyedReferencesAreTheOnesOrleansMakesAndReachTheirGrain()
    {
        var first = Unique.Key("ref");
        var second = Unique.Key("ref");
        AssertSame(fixture.Grains.GetGrain<IIdSequenceGrain>(first), fixture.Grains.Grain<IIdSequenceGrain>(first));
        AssertSame(fixture.Grains.GetGrain<IIdSequenceGrain>(second), fixture.Grains.Grain<IIdSequenceGrain>(second));

        var viaOrleans = await fixture.Grains.GetGrain<IIdSequenceGrain>(second).AllocateIdAsync();
        var viaCache = await fixture.Grains.Grain<IIdSequenceGrain>(second).AllocateIdAsync();

        Assert.Equal(viaOrleans + 1, viaCache);
    }

    private static void AssertSame<T>(T expected, T actual)
    {
        var (e, a) = ((GrainReference)(object)expected!, (GrainReference)(object)actual!);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.Equal(expected, actual);
        Assert.IsAssignableFrom<T>(actual);
    }
}
