using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Chats;
using PicChat.Grains.Friends;
using PicChat.Grains.Pictures;

namespace PicChat.Grains.Hosting;

public static class PicChatGrainsExtensions
{
    /// <summary>What every silo hosting PicChat's grains needs, whatever its storage (PostgreSQL or memory in tests).</summary>
    public static ISiloBuilder AddPicChatGrains(this ISiloBuilder silo)
    {
        silo.Services.AddPicChatExceptionSerialization();
        // The default of every grain storage that names no serializer of its own: picchat, PubSubStore, test memory storage.
        silo.Services.AddSingleton<IGrainStorageSerializer, GrainStateSerializer>();
        silo.Services.AddOptions<FriendListOptions>().BindConfiguration(FriendListOptions.Section);
        return silo.AddIncomingGrainCallFilter<ForgetStateOnStorageFailure>();
    }

    /// <summary>The application's own tables (beside grain state) on PostgreSQL: the production set-up.</summary>
    public static ISiloBuilder AddPicChatPostgresStores(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<IPictureCatalog, PostgresPictureCatalog>();
        silo.Services.AddSingleton<IChatLog, PostgresChatLog>();
        return silo;
    }

    /// <summary>The same stores in process memory, for grain tests on memory storage.</summary>
    public static ISiloBuilder AddPicChatMemoryStores(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IPictureCatalog>(MemoryPictureCatalog.Shared);
        silo.Services.AddSingleton<IChatLog>(MemoryChatLog.Shared);
        return silo;
    }
}
