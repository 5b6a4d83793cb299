using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Users;

namespace PicChat.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class PictureGrainTests(GrainClusterFixture fixture)
{
    private static long _nextUserId = 7_000_000_000_000 + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000 * 10_000;

    private async Task<long> CreateUserAsync()
    {
        var id = Interlocked.Increment(ref _nextUserId);
        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(id).CreateAsync($"p{id}@example.com", "h", DateTimeOffset.UtcNow));
        return id;
    }

    private IUserPicturesGrain Pictures(long ownerId) => fixture.Grains.GetGrain<IUserPicturesGrain>(ownerId);

    [Fact]
    public async Task APictureIsVisibleToItsOwnerAndTheOwnersFriendsOnly()
    {
        var (owner, friend, fan) = (await CreateUserAsync(), await CreateUserAsync(), await CreateUserAsync());
        await fixture.Grains.GetGrain<IFriendListGrain>(owner).AddAsync(friend, "");
        await fixture.Grains.GetGrain<IFriendListGrain>(fan).AddAsync(owner, ""); // one-way: gives the fan nothing

        var created = await Pictures(owner).CreateAsync("a/b/c.jpg");
        var picture = fixture.Grains.GetGrain<IPictureGrain>(created.PicId);

        Assert.Equal(created, await picture.GetAsync(owner));
        Assert.Equal(created, await picture.GetAsync(friend));
        Assert.Null(await picture.GetAsync(fan));
        Assert.Equal(DeletePictureResult.NotFound, await picture.DeleteAsync(fan));
        Assert.Equal(DeletePictureResult.NotOwner, await picture.DeleteAsync(friend));
        Assert.Equal(DeletePictureResult.Deleted, await picture.DeleteAsync(owner));
        Assert.Null(await picture.GetAsync(owner));
        Assert.Equal(DeletePictureResult.NotFound, await picture.DeleteAsync(owner));
    }

    [Fact]
    public async Task PicIdsAreUniqueAndIncreasing()
    {
        var owners = new[] { await CreateUserAsync(), await CreateUserAsync() };

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Pictures(owners[i % 2]).CreateAsync($"p/{i}")));

        Assert.Equal(40, created.Select(p => p.PicId).Distinct().Count());
        Assert.All(created, p => Assert.InRange(p.PicId, 1, (1L << 53) - 1));
    }

    [Fact]
    public async Task PagesRunNewestFirstAndEndWithANullCursor()
    {
        var owner = await CreateUserAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Pictures(owner).CreateAsync($"p/{i}")).PicId);
        }

        var first = await Pictures(owner).ReadPageAsync(owner, null, 2);
        var second = await Pictures(owner).ReadPageAsync(owner, first.NextBefore, 2);
        var last = await Pictures(owner).ReadPageAsync(owner, second.NextBefore, 2);

        Assert.Equal([ids[4], ids[3]], first.Pictures.Select(p => p.PicId));
        Assert.Equal(ids[3], first.NextBefore);
        Assert.Equal([ids[2], ids[1]], second.Pictures.Select(p => p.PicId));
        Assert.Equal([ids[0]], last.Pictures.Select(p => p.PicId));
        Assert.Null(last.NextBefore);

        // A page that ends exactly at the last picture says so, rather than promising an empty next page.
        var exact = await Pictures(owner).ReadPageAsync(owner, null, 5);
        Assert.Equal(5, exact.Pictures.Count);
        Assert.Null(exact.NextBefore);
    }

    [Fact]
    public async Task StrangersListNothingAndDestroyingTheOwnerDeletesEveryPicture()
    {
        var (owner, stranger) = (await CreateUserAsync(), await CreateUserAsync());
        var created = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Pictures(owner).CreateAsync($"p/{i}")));
        Assert.Empty((await Pictures(owner).ReadPageAsync(stranger, null, 10)).Pictures);

        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(owner).DestroyAsync());

        Assert.Empty((await Pictures(owner).ReadPageAsync(owner, null, 10)).Pictures);
        foreach (var picture in created)
        {
            Assert.Null(await fixture.Grains.GetGrain<IPictureGrain>(picture.PicId).GetAsync(owner));
        }
    }
}
