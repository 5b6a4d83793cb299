using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace PicChat.ServiceDefaults;

/// <summary>
/// The <c>Orleans</c> configuration a PicChat process gets when nothing else says otherwise: ADO.NET
/// clustering and storage on the <c>picchat</c> connection string, advertised on loopback. They are the
/// lowest-priority source, so <c>Orleans__...</c> environment variables (as the AppHost sets) win.
/// </summary>
public static class OrleansDefaults
{
    public const string ClusterId = "picchat";
    public const int SiloPort = 11111;
    public const int GatewayPort = 30000;

    /// <summary>What silos and clients share: cluster identity and where membership lives.</summary>
    public static IReadOnlyDictionary<string, string?> Common { get; } = new Dictionary<string, string?>
    {
        ["Orleans:ClusterId"] = ClusterId,
        ["Orleans:ServiceId"] = ClusterId,
        // Trace context crosses grain calls (Orleans adds its activity propagation once; Aspire sets the same key).
        ["Orleans:EnableDistributedTracing"] = "true",
        ["Orleans:Clustering:ProviderType"] = "AdoNet",
        ["Orleans:Clustering:Invariant"] = "Npgsql",
        ["Orleans:Clustering:ConnectionName"] = ServiceDefaultsExtensions.ConnectionName,
        // Chats travel on memory streams keyed by picture; they may drop events, so the chat log stays the truth.
        ["Orleans:Streaming:chats:ProviderType"] = "Memory",
    };

    /// <summary>What only silos have: grain storage and their own endpoints (a client would reject them).</summary>
    public static IReadOnlyDictionary<string, string?> SiloOnly { get; } = new Dictionary<string, string?>
    {
        ["Orleans:GrainStorage:picchat:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:picchat:Invariant"] = "Npgsql",
        ["Orleans:GrainStorage:picchat:ConnectionName"] = ServiceDefaultsExtensions.ConnectionName,
        ["Orleans:GrainStorage:PubSubStore:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:PubSubStore:Invariant"] = "Npgsql",
        ["Orleans:GrainStorage:PubSubStore:ConnectionName"] = ServiceDefaultsExtensions.ConnectionName,
        // Durable reminders finish clean-ups (a destroyed user's data, a deleted picture's chats) even when the
        // silo that started them dies; their table is PicChat's own (Schema/005_orleans_reminders.sql).
        ["Orleans:Reminders:ProviderType"] = "AdoNet",
        ["Orleans:Reminders:Invariant"] = "Npgsql",
        ["Orleans:Reminders:ConnectionName"] = ServiceDefaultsExtensions.ConnectionName,
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Endpoints:SiloPort"] = SiloPort.ToString(),
        ["Orleans:Endpoints:GatewayPort"] = GatewayPort.ToString(),
    };

    public static IHostApplicationBuilder AddOrleansDefaults(this IHostApplicationBuilder builder, bool silo)
    {
        var values = silo ? Common.Concat(SiloOnly) : Common;
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
        return builder;
    }
}
