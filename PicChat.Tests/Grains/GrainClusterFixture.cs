using PicChat.Grains.Hosting;
using Orleans.TestingHost;
using PicChat.Grains;

namespace PicChat.Tests.Grains;

/// <summary>One in-process TestCluster with memory storage, shared by every grain test; tests use fresh keys.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 2)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddMemoryGrainStorage(StorageNames.PicChat).AddPicChatGrains();
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
}
