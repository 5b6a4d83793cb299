using Orleans.Configuration;
using Orleans.Dashboard;
using PicChat.ServiceDefaults;
using PicChat.Silo;

namespace PicChat.Api.Cluster;

/// <summary>
/// Where the grains the API calls live. <c>Client</c>: in separate silos, reached through their gateways, so the
/// web tier and the grains scale and fail apart. <c>CoHosted</c>: the API process is itself one of the
/// cluster's silos, so a call to a grain activated here is a method call on this process, with no socket and no
/// serialization (docs/operating.md#topology says which ships and what each costs).
/// </summary>
public static class ApiTopology
{
    public const string Key = "PicChat:Topology";
    public const string Client = "Client";
    public const string CoHosted = "CoHosted";

    public static bool IsCoHosted(IConfiguration configuration) =>
        (configuration[Key] ?? Client) switch
        {
            var value when value.Equals(Client, StringComparison.OrdinalIgnoreCase) => false,
            var value when value.Equals(CoHosted, StringComparison.OrdinalIgnoreCase) => true,
            var value => throw new InvalidOperationException($"{Key} is '{value}'; it is {Client} or {CoHosted}."),
        };

    /// <summary>Service defaults, the schema and Orleans: a client of the silos, or a silo itself.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        if (IsCoHosted(builder.Configuration))
        {
            // The silo's own defaults (grain storage, reminders, endpoints) go below the API's.
            builder.AddPicChatSilo();
            return;
        }

        builder.AddServiceDefaults();
        builder.AddPicChatSchema();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = Timeouts.GrainCall);
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = Timeouts.GatewayListRefresh);
            client.AddOutgoingGrainCallFilter<ResendUndeliveredCalls>();
            client.AddDashboard();
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                // The silos may still be starting; keep trying until the host is stopped.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
    }
}
