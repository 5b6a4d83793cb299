using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using PicChat.Grains.Hosting;

namespace PicChat.Tests.Hosting;

/// <summary>The default placement a silo gets from <c>PicChat:Placement</c>, read from the built host's services.</summary>
public sealed class GrainPlacementTests
{
    [Theory]
    [InlineData(null, typeof(ResourceOptimizedPlacement))]
    [InlineData("ResourceOptimized", typeof(ResourceOptimizedPlacement))]
    [InlineData("PreferLocal", typeof(PreferLocalPlacement))]
    public void TheSettingChoosesTheDefaultPlacement(string? setting, Type expected)
    {
        using var host = Build(setting);

        Assert.IsType(expected, host.Services.GetRequiredService<PlacementStrategy>());
    }

    [Fact]
    public void AnUnknownPlacementStopsTheSiloFromStarting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build("Random").Dispose());

        Assert.Contains(GrainPlacement.Key, error.Message);
    }

    private static IHost Build(string? setting)
    {
        var builder = Host.CreateApplicationBuilder();
        if (setting is not null)
        {
            builder.Configuration[GrainPlacement.Key] = setting;
        }

        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddPicChatGrains());
        return builder.Build();
    }
}
