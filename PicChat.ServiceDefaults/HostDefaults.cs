using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace PicChat.ServiceDefaults;

/// <summary>
/// A host's defaults are its project's <c>appsettings.json</c>, embedded in the host's assembly and read as the
/// lowest-priority configuration source, below even the <c>ASPNETCORE_</c> variables: an <c>appsettings.json</c>
/// in the content root outranks <c>ASPNETCORE_URLS</c>, which is how Aspire gives each silo its own port.
/// Embedded, the defaults do not depend on the working directory, and the silo and the API each get their own
/// when tests run both in one process, whose folder holds neither file. The file is therefore not copied beside
/// the binaries (see the hosts' project files), and the hosts use their own folder as content root, so the
/// project folder's copy (the working directory under Aspire) is never read a second time, above those variables.
/// </summary>
public static class HostDefaults
{
    public const string FileName = "appsettings.json";

    public static IHostApplicationBuilder AddHostDefaults(this IHostApplicationBuilder builder, Assembly host)
    {
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new EmbeddedFileProvider(host),
            Path = FileName,
            Optional = false,
        });
        return builder;
    }
}
