using Orleans.TestingHost;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Friends;
using PicChat.Grains.Hosting;

namespace PicChat.Tests.Grains;

/// <summary>One in-process TestCluster with memory storage, shared by every grain test; tests use fresh keys.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 2)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>A small friend-list limit, so the limit test need not add 5000 friends one write at a time.</summary>
    public const int MaxFriends = 60;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddMemoryGrainStorage(StorageNames.PicChat).AddPicChatGrains().AddPicChatMemoryStores()
                .AddMemoryStreams(ChatStreams.Provider).AddMemoryGrainStorage("PubSubStore")
                .UseInMemoryReminderService()
                .AddIncomingGrainCallFilter<GrainCalls>()
                .Configure<FriendListOptions>(options => options.MaxFriends = MaxFriends);
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}

public static class Unique
{
    private static long _counter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public static string Email(string prefix = "user") => $"{prefix}-{Interlocked.Increment(ref _counter)}@example.com";

    public static string Key(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}";

    public static long Id() => Interlocked.Increment(ref _counter);
}
