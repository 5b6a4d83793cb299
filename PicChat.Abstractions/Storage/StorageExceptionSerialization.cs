using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace PicChat.Abstractions.Storage;

public static class StorageExceptionSerialization
{
    /// <summary>
    /// A grain that cannot load its state fails before any filter runs, with the driver's exception. Letting
    /// Npgsql's exceptions cross the wire (silo and client both need this) turns that into an error the API
    /// recognizes as "storage unavailable" instead of an unserializable one.
    /// </summary>
    public static IServiceCollection AddPicChatExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
