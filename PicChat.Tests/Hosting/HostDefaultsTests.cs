using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using PicChat.Api;
using PicChat.Silo;

namespace PicChat.Tests.Hosting;

/// <summary>
/// What a silo and an API get when nothing but a connection string is configured: the documented defaults from
/// their appsettings.json, whatever the working directory (here, the test folder, which holds neither file).
/// </summary>
public sealed class HostDefaultsTests
{
    private static readonly string[] Args = ["--ConnectionStrings:picchat=Host=127.0.0.1;Database=picchat"];

    private static readonly Dictionary<string, string> Shared = new()
    {
        ["Orleans:ClusterId"] = "picchat",
        ["Orleans:ServiceId"] = "picchat",
        ["Orleans:EnableDistributedTracing"] = "true",
        ["Orleans:Clustering:ProviderType"] = "AdoNet",
        ["Orleans:Clustering:Invariant"] = "Npgsql",
        ["Orleans:Clustering:ConnectionName"] = "picchat",
        ["Orleans:Streaming:chats:ProviderType"] = "Memory",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:OpenTelemetry"] = "Warning",
    };

    private static readonly Dictionary<string, string> SiloOnly = new()
    {
        ["urls"] = "http://127.0.0.1:8090",
        ["Orleans:GrainStorage:picchat:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:picchat:Invariant"] = "Npgsql",
        ["Orleans:GrainStorage:picchat:ConnectionName"] = "picchat",
        ["Orleans:GrainStorage:PubSubStore:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:PubSubStore:Invariant"] = "Npgsql",
        ["Orleans:GrainStorage:PubSubStore:ConnectionName"] = "picchat",
        ["Orleans:Reminders:ProviderType"] = "AdoNet",
        ["Orleans:Reminders:Invariant"] = "Npgsql",
        ["Orleans:Reminders:ConnectionName"] = "picchat",
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Endpoints:SiloPort"] = "11111",
        ["Orleans:Endpoints:GatewayPort"] = "30000",
    };

    [Fact]
    public async Task ASiloGetsEveryDefaultFromItsAppSettings()
    {
        await using var silo = PicChatSilo.Build(Args);

        AssertConfigured(silo, [.. Shared, .. SiloOnly]);
        AssertDefaultsComeFirst(silo, "PicChat.Silo");
    }

    [Fact]
    public async Task AnApiGetsTheClientDefaultsAndNoneOfTheSilosOwnSettings()
    {
        await using var api = PicChatApi.Build(Args);

        // The Orleans Dashboard's loopback port (a default in code, DashboardEndpoint.DefaultPort) joins the API's.
        AssertConfigured(api, [.. Shared, new("urls", "http://localhost:8080;http://127.0.0.1:8081")]);
        foreach (var siloSection in new[] { "Orleans:GrainStorage", "Orleans:Reminders", "Orleans:Endpoints" })
        {
            Assert.False(api.Configuration.GetSection(siloSection).Exists(), $"{siloSection} is a silo's setting");
        }

        AssertDefaultsComeFirst(api, "PicChat.Api");
    }

    [Fact]
    public async Task ArgumentsOverrideTheDefaults()
    {
        await using var silo = PicChatSilo.Build([.. Args, "--urls=http://127.0.0.1:18090", "--Orleans:Endpoints:SiloPort=21111"]);

        Assert.Equal("http://127.0.0.1:18090", silo.Configuration["urls"]);
        Assert.Equal("21111", silo.Configuration["Orleans:Endpoints:SiloPort"]);
    }

    private static void AssertConfigured(WebApplication host, IEnumerable<KeyValuePair<string, string>> expected)
    {
        foreach (var (key, value) in expected)
        {
            Assert.True(value == host.Configuration[key], $"{key}: expected '{value}', got '{host.Configuration[key]}'");
        }
    }

    /// <summary>
    /// Lowest priority, below the ASPNETCORE_ variables too: ASPNETCORE_URLS (how Aspire gives each silo its port)
    /// must win over the default <c>urls</c>.
    /// </summary>
    private static void AssertDefaultsComeFirst(WebApplication host, string assembly)
    {
        var first = ((IConfigurationRoot)host.Configuration).Providers.First();
        var source = Assert.IsType<JsonConfigurationProvider>(first).Source;
        Assert.Equal("appsettings.json", source.Path);
        Assert.IsType<EmbeddedFileProvider>(source.FileProvider);
        Assert.True(source.FileProvider!.GetFileInfo("appsettings.json").Exists, $"{assembly} embeds its appsettings.json");
        // Nor is the file read again from the content root, where it would outrank ASPNETCORE_URLS.
        Assert.Equal(AppContext.BaseDirectory, host.Environment.ContentRootPath);
        Assert.False(File.Exists(Path.Combine(host.Environment.ContentRootPath, "appsettings.json")));
    }
}
