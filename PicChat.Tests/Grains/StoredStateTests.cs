using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;
using PicChat.Abstractions.Friends;
using PicChat.Grains.Friends;
using PicChat.Grains.Hosting;
using PicChat.Grains.Ids;
using PicChat.Grains.Pictures;
using PicChat.Grains.Users;

namespace PicChat.Tests.Grains;

/// <summary>
/// Grain storage writes state in Orleans' own format (members by <c>[Id]</c>, types by <c>[Alias]</c>), so stored
/// types may be renamed or moved; rows from before, in ADO.NET storage's default Newtonsoft JSON with a .NET type
/// name on every object, still load.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class StoredStateTests(GrainClusterFixture fixture)
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private IServiceProvider Services => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IGrainStorageSerializer Serializer => Services.GetRequiredService<IGrainStorageSerializer>();

    private static BinaryData Row(string json) => BinaryData.FromString(json);

    [Fact]
    public void EveryGrainStorageOfTheSiloWritesThroughGrainStateSerializer() =>
        Assert.IsType<GrainStateSerializer>(Serializer);

    [Fact]
    public void RowsOfEveryStateTypeInTheOldJsonFormatStillLoad()
    {
        // As ADO.NET storage's default serializer wrote them until GrainStateSerializer; the type names are theirs.
        var user = Serializer.Deserialize<UserState>(Row("""
            {"$id":"1","$type":"PicChat.Grains.Users.UserState, PicChat.Grains","Exists":true,"Email":"ann@example.com","PasswordHash":"hash","Mobile":"+3612345678","CreatedAt":"2024-05-01T10:00:00+02:00","Sessions":{"$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.DateTimeOffset, System.Private.CoreLib]], System.Private.CoreLib","s1":"2024-05-01T10:00:00+00:00"}}
            """))!;
        var email = Serializer.Deserialize<EmailIndexState>(Row("""{"$id":"1","$type":"PicChat.Grains.Users.EmailIndexState, PicChat.Grains","UserId":7}"""))!;
        var picture = Serializer.Deserialize<PictureState>(Row("""
            {"$id":"1","$type":"PicChat.Grains.Pictures.PictureState, PicChat.Grains","Exists":true,"OwnerId":7,"PicUrl":"https://example.com/a.png","CreatedAt":"2024-05-01T10:00:00+00:00"}
            """))!;
        var sequence = Serializer.Deserialize<IdSequenceState>(Row("""{"$id":"1","$type":"PicChat.Grains.Ids.IdSequenceState, PicChat.Grains","HighWater":1200}"""))!;
        var friends = Serializer.Deserialize<FriendListState>(Row("""
            {"$id":"1","$type":"PicChat.Grains.Friends.FriendListState, PicChat.Grains","Friends":{"$type":"System.Collections.Generic.List`1[[PicChat.Grains.Friends.FriendEntry, PicChat.Grains]], System.Private.CoreLib","$values":[{"$id":"2","$type":"PicChat.Grains.Friends.FriendEntry, PicChat.Grains","FriendId":42,"NickName":"Ann","AddedAt":"2024-05-01T10:00:00+00:00"}]}}
            """))!;

        Assert.Equal((UserLifecycle.Registered, "ann@example.com", "hash", null, "+3612345678"), (user.Lifecycle, user.Email, user.PasswordHash, user.Avatar, user.Mobile));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)), user.CreatedAt);
        Assert.Equal(TimeSpan.FromHours(2), user.CreatedAt.Offset);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["s1"] = May1 }, user.Sessions);
        Assert.Equal(7, email.UserId);
        Assert.Equal((PictureLifecycle.Created, 7L, "https://example.com/a.png", May1), (picture.Lifecycle, picture.OwnerId, picture.PicUrl, picture.CreatedAt));
        Assert.Equal(1200, sequence.HighWater);
        Assert.Equal([new FriendEntry(42, "Ann", May1)], friends.Friends);
    }

    [Fact]
    public void AFriendListStoredBeforeTheRecordsMovedToAbstractionsStillLoads()
    {
        // A row as written before the grain interfaces and records moved to PicChat.Abstractions.
        const string stored = """
            {"$id":"1","$type":"PicChat.Grains.Friends.FriendListState, PicChat.Grains","Friends":{"$type":"System.Collections.Generic.List`1[[PicChat.Grains.Friends.FriendEntry, PicChat.Grains]], System.Private.CoreLib","$values":[{"$id":"2","$type":"PicChat.Grains.Friends.FriendEntry, PicChat.Grains","FriendId":42,"NickName":"Ann","AddedAt":"2024-05-01T10:00:00+00:00"}]}}
            """;

        var state = Serializer.Deserialize<FriendListState>(BinaryData.FromString(stored));

        Assert.Equal([new FriendEntry(42, "Ann", May1)], state!.Friends);
    }

    [Theory]
    [InlineData("", UserLifecycle.None)]
    [InlineData(""","Exists":true""", UserLifecycle.Registered)]
    [InlineData(""","Destroyed":true,"CascadePending":true""", UserLifecycle.Destroying)]
    [InlineData(""","Destroyed":true""", UserLifecycle.Destroyed)]
    public void AUserStoredWithFlagsLoadsIntoItsLifecycle(string flags, UserLifecycle expected)
    {
        var row = Row($$"""{"$id":"1","$type":"PicChat.Grains.Users.UserState, PicChat.Grains"{{flags}},"Email":"ann@example.com"}""");

        Assert.Equal(expected, Serializer.Deserialize<UserState>(row)!.Lifecycle);
    }

    [Theory]
    [InlineData("", PictureLifecycle.None)]
    [InlineData(""","Exists":true""", PictureLifecycle.Created)]
    [InlineData(""","Deleted":true""", PictureLifecycle.Deleted)]
    public void APictureStoredWithFlagsLoadsIntoItsLifecycle(string flags, PictureLifecycle expected)
    {
        var row = Row($$"""{"$id":"1","$type":"PicChat.Grains.Pictures.PictureState, PicChat.Grains"{{flags}},"OwnerId":7}""");

        var state = Serializer.Deserialize<PictureState>(row)!;

        Assert.Equal((expected, 7L), (state.Lifecycle, state.OwnerId));
    }

    [Fact]
    public void NewRowsNameNoDotNetTypeAndAreNotTakenForOldOnes()
    {
        object[] states =
        [
            new UserState { Lifecycle = UserLifecycle.Registered, Email = "ann@example.com", Sessions = { ["s1"] = May1 } },
            new EmailIndexState { UserId = 7 },
            new PictureState { Lifecycle = PictureLifecycle.Created, OwnerId = 7, PicUrl = "https://example.com/a.png" },
            new IdSequenceState { HighWater = 1200 },
            new FriendListState { Friends = [new FriendEntry(42, "Ann", May1)] },
        ];

        foreach (var state in states)
        {
            var row = SerializeAs(state.GetType(), state);
            Assert.False(LegacyJsonState.IsLegacy(row));
            Assert.DoesNotContain("PicChat", Encoding.Latin1.GetString(row.ToArray()));
        }
    }

    [Fact]
    public void WhereARowMustNameATypeItNamesItsAlias()
    {
        var text = Encoding.Latin1.GetString(Serializer.Serialize<object>(new FriendListState { Friends = [new FriendEntry(42, "Ann", May1)] }).ToArray());

        Assert.Contains("picchat.FriendListState", text);
        Assert.DoesNotContain("PicChat", text);
    }

    [Fact]
    public void ANewRowLoadsIntoTheSameStateUnderAnotherNameAndNamespace()
    {
        // What a rename or move of FriendListState would meet: a row written before it, read by the type after it.
        var row = Serializer.Serialize(new FriendListState { Friends = [new FriendEntry(42, "Ann", May1)] });

        var moved = Serializer.Deserialize<Renamed.StoredFriends>(row);

        Assert.Equal([new FriendEntry(42, "Ann", May1)], moved!.Entries);
    }

    [Fact]
    public void UsersAndPicturesRoundTripInEveryLifecycle()
    {
        foreach (var lifecycle in Enum.GetValues<UserLifecycle>())
        {
            var user = Serializer.Deserialize<UserState>(Serializer.Serialize(new UserState { Lifecycle = lifecycle, Email = "ann@example.com", CreatedAt = May1 }))!;
            Assert.Equal((lifecycle, "ann@example.com", May1), (user.Lifecycle, user.Email, user.CreatedAt));
        }

        foreach (var lifecycle in Enum.GetValues<PictureLifecycle>())
        {
            var picture = Serializer.Deserialize<PictureState>(Serializer.Serialize(new PictureState { Lifecycle = lifecycle, OwnerId = 7 }))!;
            Assert.Equal((lifecycle, 7L), (picture.Lifecycle, picture.OwnerId));
        }
    }

    [Fact]
    public void PubSubStateRoundTripsInTheNewFormatAndLoadsFromTheOldOne()
    {
        // PubSubStore holds Orleans' own (internal) state type; its rows go through the same serializer.
        var stateType = typeof(PubSubSubscriptionState).Assembly.GetType("Orleans.Streams.PubSubGrainState", throwOnError: true)!;
        var state = Activator.CreateInstance(stateType)!;
        var subscription = new PubSubSubscriptionState(GuidId.GetNewGuidId(),
            new QualifiedStreamId("chats", StreamId.Create("chats", 42)), GrainId.Create("test", "consumer"));
        Consumers(state).Add(subscription);
        var oldFormat = new JsonGrainStorageSerializer(Services.GetRequiredService<OrleansJsonSerializer>());

        foreach (var row in new[] { SerializeAs(stateType, state), SerializeAs(stateType, state, oldFormat) })
        {
            var loaded = Consumers(DeserializeAs(stateType, row)!);
            var only = Assert.Single(loaded);
            Assert.Equal((subscription.SubscriptionId, subscription.Stream, subscription.Consumer), (only.SubscriptionId, only.Stream, only.Consumer));
        }

        static HashSet<PubSubSubscriptionState> Consumers(object state) =>
            (HashSet<PubSubSubscriptionState>)state.GetType().GetProperty("Consumers")!.GetValue(state)!;
    }

    /// <summary>Serializes as storage does, with the state's own type as the expected one.</summary>
    private BinaryData SerializeAs(Type type, object state, IGrainStorageSerializer? serializer = null) =>
        (BinaryData)Method(nameof(IGrainStorageSerializer.Serialize), type).Invoke(serializer ?? Serializer, [state])!;

    private object? DeserializeAs(Type type, BinaryData row) =>
        Method(nameof(IGrainStorageSerializer.Deserialize), type).Invoke(Serializer, [row]);

    private static MethodInfo Method(string name, Type type) =>
        typeof(IGrainStorageSerializer).GetMethod(name)!.MakeGenericMethod(type);
}
