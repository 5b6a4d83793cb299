using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace PicChat.ServiceDefaults;

/// <summary>
/// Log levels when nothing else says otherwise (the lowest-priority configuration source, so appsettings,
/// <c>Logging__LogLevel__...</c> variables or an orchestrator win). Framework categories log from Warning up:
/// at Information ASP.NET Core, Orleans and Npgsql wrote about 0.8 KB for every request (1.5 GB in 40 minutes
/// of load), drowning PicChat's own lines. The start-up lines of the host stay.
/// </summary>
public static class LoggingDefaults
{
    public static IReadOnlyDictionary<string, string?> Levels { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:OpenTelemetry"] = "Warning",
    };

    public static IHostApplicationBuilder AddPicChatLoggingDefaults(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return builder;
    }
}
