using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using PicChat.Abstractions.Chats;
using PicChat.Grains.Chats;
using PicChat.Grains.Friends;
using PicChat.Grains.Pictures;
using PicChat.Grains.Users;

namespace PicChat.Grains.Hosting;

public static class PicChatGrainsExtensions
{
    /// <summary>How often each pulling agent of the chat streams looks for new events, unless configured.</summary>
    public static readonly TimeSpan ChatStreamPoll = TimeSpan.FromMilliseconds(25);

    /// <summary>What every silo hosting PicChat's grains needs, whatever its storage (PostgreSQL or memory in tests).</summary>
    public static ISiloBuilder AddPicChatGrains(this ISiloBuilder silo)
    {
        // The default of every grain storage that names no serializer of its own: picchat, PubSubStore, test memory storage.
        silo.Services.AddSingleton<IGrainStorageSerializer, GrainStateSerializer>();
        // Grains read the time through it, as the API does, so tests can hold a clock still; Orleans may have added it already.
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<FriendListOptions>().BindConfiguration(FriendListOptions.Section);
        // The memory stream's pulling agents look at their queues on a timer, 100 ms by default, and a committed chat
        // waited for it before its fan-out began. docs/benchmarks.md (Live delivery: the poll) has the A/B and its
        // idle cost; operators may set Orleans:Streaming:chats:PullingAgent:GetQueueMsgsTimerPeriod.
        silo.Services.AddOptions<StreamPullingAgentOptions>(ChatStreams.Provider)
            .Configure(agent => agent.GetQueueMsgsTimerPeriod = ChatStreamPoll)
            .BindConfiguration($"Orleans:Streaming:{ChatStreams.Provider}:PullingAgent");
        GrainPlacement.Configure(silo);
        return silo.AddIncomingGrainCallFilter<ForgetStateOnStorageFailure>();
    }

    /// <summary>
    /// The application's own tables (beside grain state) on PostgreSQL: the production set-up. They use the host's
    /// <see cref="NpgsqlDataSource"/> (PicChat.ServiceDefaults registers it, with its health check and telemetry),
    /// and, like the grain storage configured under <c>Orleans:GrainStorage</c>, fail with PicChat's storage
    /// exceptions (<see cref="StoreBoundary"/>). Call after the grain storage is configured.
    /// </summary>
    public static ISiloBuilder AddPicChatPostgresStores(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IPictureCatalog>(services => new BoundaryPictureCatalog(
            new PostgresPictureCatalog(services.GetRequiredService<NpgsqlDataSource>()), services.GetRequiredService<ILogger<PostgresPictureCatalog>>()));
        silo.Services.AddSingleton<IChatLog>(services => new BoundaryChatLog(
            new PostgresChatLog(services.GetRequiredService<NpgsqlDataSource>()), services.GetRequiredService<ILogger<PostgresChatLog>>()));
        silo.Services.AddSingleton<IFriendIndex>(services => new BoundaryFriendIndex(
            new PostgresFriendIndex(services.GetRequiredService<NpgsqlDataSource>()), services.GetRequiredService<ILogger<PostgresFriendIndex>>()));
        silo.Services.AddSingleton<IProfileDirectory>(services => new BoundaryProfileDirectory(
            new PostgresProfileDirectory(services.GetRequiredService<NpgsqlDataSource>()), services.GetRequiredService<ILogger<PostgresProfileDirectory>>()));
        BoundaryGrainStorage.Wrap(silo.Services);
        return silo;
    }

    /// <summary>The same stores in process memory, for grain tests on memory storage.</summary>
    public static ISiloBuilder AddPicChatMemoryStores(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IPictureCatalog>(MemoryPictureCatalog.Shared);
        silo.Services.AddSingleton<IChatLog>(MemoryChatLog.Shared);
        silo.Services.AddSingleton<IFriendIndex>(MemoryFriendIndex.Shared);
        silo.Services.AddSingleton<IProfileDirectory>(MemoryProfileDirectory.Shared);
        return silo;
    }
}
