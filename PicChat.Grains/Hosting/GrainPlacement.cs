using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Where a grain that names no placement of its own is activated, from <c>PicChat:Placement</c>:
/// <c>PreferLocal</c> (on the silo whose gateway or grain asked first) or <c>ResourceOptimized</c> (Orleans' own
/// default since 9.2: the least loaded silo). docs/benchmarks.md (Placement) has the A/B.
/// </summary>
public static class GrainPlacement
{
    public const string Key = "PicChat:Placement";

    public static void Configure(ISiloBuilder silo)
    {
        PlacementStrategy? strategy = silo.Configuration[Key] switch
        {
            null or "" or "ResourceOptimized" => null,
            "PreferLocal" => new PreferLocalPlacement(),
            var other => throw new InvalidOperationException($"{Key} is PreferLocal or ResourceOptimized, not '{other}'."),
        };
        if (strategy is not null)
        {
            silo.Services.AddSingleton<PlacementStrategy>(strategy);
        }
    }
}
