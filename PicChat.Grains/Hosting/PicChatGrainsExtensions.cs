using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace PicChat.Grains.Hosting;

public static class PicChatGrainsExtensions
{
    /// <summary>What every silo hosting PicChat's grains needs, whatever its storage (PostgreSQL or memory in tests).</summary>
    public static ISiloBuilder AddPicChatGrains(this ISiloBuilder silo)
    {
        silo.Services.AddPicChatExceptionSerialization();
        return silo.AddIncomingGrainCallFilter<ForgetStateOnStorageFailure>();
    }

    /// <summary>
    /// A grain that cannot load its state fails before any filter runs, with the driver's exception. Letting
    /// Npgsql's exceptions cross the wire (silo and client both need this) turns that into an error the API
    /// recognizes as "storage unavailable" instead of an unserializable one.
    /// </summary>
    public static IServiceCollection AddPicChatExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
