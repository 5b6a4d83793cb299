using Npgsql;
using PicChat.Abstractions.Users;
using PicChat.Grains.Friends;
using PicChat.Grains.Users;

namespace PicChat.Tests.Integration;

/// <summary>
/// The versioned writes of the profile directory and the friend index on PostgreSQL: a write that timed out and
/// commits late (here: issued with an older version, after a newer one) changes nothing.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class DirectoryStoreTests(PicChatFixture fixture) : IAsyncLifetime
{
    private NpgsqlDataSource _database = null!;

    public Task InitializeAsync()
    {
        _database = NpgsqlDataSource.Create(fixture.Postgres.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AProfileListedLateLosesToEveryWriteIssuedAfterIt()
    {
        var directory = new PostgresProfileDirectory(_database);
        var id = Grains.Unique.Id();
        // Ticks below a microsecond: the friend object must show createdAt exactly as user-info-read does.
        var createdAt = new DateTimeOffset(638_700_000_000_000_007, TimeSpan.Zero);
        UserProfile Profile(string mobile) => new(id, $"{id}@example.com", null, mobile, createdAt);

        await directory.ListAsync(Profile("+1"), version: 10);
        await directory.UnlistAsync(id, version: 20);
        await directory.ListAsync(Profile("+stale"), version: 15);
        Assert.Empty(await directory.FindAsync([id]));

        await directory.ListAsync(Profile("+2"), version: 21);
        await directory.ListAsync(Profile("+stale"), version: 18);
        Assert.Equal([Profile("+2")], await directory.FindAsync([id, Grains.Unique.Id()]));

        // An unlisting wins even with an older version (a clock behind): it raises the row's version past it.
        await directory.UnlistAsync(id, version: 5);
        await directory.ListAsync(Profile("+stale"), version: 21);
        Assert.Empty(await directory.FindAsync([id]));
        Assert.Empty(await directory.FindAsync([]));
    }

    [Fact]
    public async Task AFriendIndexedLateLosesToTheRemovalIssuedAfterIt()
    {
        var index = new PostgresFriendIndex(_database);
        var (owner, friend, never) = (Grains.Unique.Id(), Grains.Unique.Id(), Grains.Unique.Id());

        await index.AddAsync(owner, friend, version: 10);
        Assert.Equal([owner], (await index.WhoAddedAsync(friend, [owner])).Added);
        await index.RemoveAsync(owner, [friend, never], version: 20);
        await index.AddAsync(owner, friend, version: 15);
        await index.AddAsync(owner, never, version: 19);
        Assert.Empty((await index.WhoAddedAsync(friend, [owner])).Added);
        Assert.Empty((await index.WhoAddedAsync(never, [owner])).Added);
        Assert.Equal((false, 0), await index.CountAsync(owner));
    }

    [Fact]
    public async Task ReplacingKeepsDropsAndAddsRowsAndMarksThemWhole()
    {
        var index = new PostgresFriendIndex(_database);
        var (owner, kept, dropped, added) = (Grains.Unique.Id(), Grains.Unique.Id(), Grains.Unique.Id(), Grains.Unique.Id());
        await index.AddAsync(owner, kept, version: 1);
        await index.AddAsync(owner, dropped, version: 2);

        await index.ReplaceAsync(owner, [kept, added], version: 3);

        Assert.Equal((true, 2), await index.CountAsync(owner));
        foreach (var (friend, expected) in new[] { (kept, true), (dropped, false), (added, true) })
        {
            var (addedBy, whole) = await index.WhoAddedAsync(friend, [owner]);
            Assert.Equal(expected, addedBy.Contains(owner));
            Assert.Contains(owner, whole);
        }

        await index.ReplaceAsync(owner, [], version: 4);
        Assert.Equal((true, 0), await index.CountAsync(owner));
    }
}
