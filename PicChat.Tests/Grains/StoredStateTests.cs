using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PicChat.Grains.Friends;
using PicChat.Grains.Ids;
using PicChat.Grains.Pictures;
using PicChat.Grains.Users;

namespace PicChat.Tests.Grains;

/// <summary>
/// Grain storage (ADO.NET's default serializer, Newtonsoft JSON) writes every object's full .NET type name into
/// the stored row, so moving or renaming a type that state holds makes existing rows unreadable.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class StoredStateTests(GrainClusterFixture fixture)
{
    private IGrainStorageSerializer Serializer =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void StoredStateKeepsTheTypeNamesItWasFirstWrittenWith()
    {
        string Stored(object state) => Serializer.Serialize(state).ToString();

        Assert.Contains("\"$type\":\"PicChat.Grains.Users.UserState, PicChat.Grains\"", Stored(new UserState()));
        Assert.Contains("\"$type\":\"PicChat.Grains.Users.EmailIndexState, PicChat.Grains\"", Stored(new EmailIndexState()));
        Assert.Contains("\"$type\":\"PicChat.Grains.Pictures.PictureState, PicChat.Grains\"", Stored(new PictureState()));
        Assert.Contains("\"$type\":\"PicChat.Grains.Ids.IdSequenceState, PicChat.Grains\"", Stored(new IdSequenceState()));
        var friends = Stored(new FriendListState { Friends = [new FriendEntry(1, "a", DateTimeOffset.UnixEpoch)] });
        Assert.Contains("\"$type\":\"PicChat.Grains.Friends.FriendListState, PicChat.Grains\"", friends);
        Assert.Contains("\"$type\":\"PicChat.Grains.Friends.FriendEntry, PicChat.Grains\"", friends);
    }

    [Fact]
    public void AFriendListStoredBeforeTheRecordsMovedToAbstractionsStillLoads()
    {
        // A row as written before the grain interfaces and records moved to PicChat.Abstractions.
        const string stored = """
            {"$id":"1","$type":"PicChat.Grains.Friends.FriendListState, PicChat.Grains","Friends":{"$type":"System.Collections.Generic.List`1[[PicChat.Grains.Friends.FriendEntry, PicChat.Grains]], System.Private.CoreLib","$values":[{"$id":"2","$type":"PicChat.Grains.Friends.FriendEntry, PicChat.Grains","FriendId":42,"NickName":"Ann","AddedAt":"2024-05-01T10:00:00+00:00"}]}}
            """;

        var state = Serializer.Deserialize<FriendListState>(BinaryData.FromString(stored));

        Assert.Equal([new FriendEntry(42, "Ann", new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero))], state!.Friends);
    }
}
