using Microsoft.Extensions.Configuration;

namespace PicChat.AppHost;

/// <summary>
/// The AppHost's own settings, from the <c>PicChat</c> section (appsettings.json, <c>PicChat__*</c> environment
/// variables, or <c>--PicChat:Silos=3</c> after <c>--</c>).
/// </summary>
public sealed class PicChatSettings
{
    public const string Section = "PicChat";

    /// <summary>How many silos to run, the API among them when it is co-hosted.</summary>
    public int Silos { get; set; } = 2;

    /// <summary>
    /// <c>CoHosted</c> (the default, the faster on the benchmark): the API process is itself one of the
    /// <see cref="Silos"/> silos, so calls to grains activated in it stay in its process. <c>Client</c>: the API is
    /// an Orleans client of <see cref="Silos"/> separate silos (docs/operating.md#topology).
    /// </summary>
    public string Topology { get; set; } = "CoHosted";

    public bool CoHosted => Topology.ToLowerInvariant() switch
    {
        "cohosted" => true,
        "client" => false,
        _ => throw new InvalidOperationException($"PicChat:Topology is '{Topology}'; it is Client or CoHosted."),
    };

    /// <summary>The Orleans ports of the cluster's silo number <paramref name="index"/> (from 0).</summary>
    public (int Silo, int Gateway) OrleansPorts(int index) => (SiloPort + index, GatewayPort + index);

    /// <summary>The API's port on localhost: the contract's http://localhost:8080.</summary>
    public int ApiPort { get; set; } = 8080;

    /// <summary>
    /// The API's second port on localhost, HTTP/2 only in cleartext (prior knowledge), for clients that multiplex
    /// many requests or SSE subscriptions over few connections (0 turns it off).
    /// </summary>
    public int ApiHttp2Port { get; set; } = 8082;

    /// <summary>The Orleans Dashboard's port, served by the API on 127.0.0.1 only (0 turns it off).</summary>
    public int OrleansDashboardPort { get; set; } = 8081;

    /// <summary>
    /// Silo <c>silo-N</c> listens for silos on <c>SiloPort + N - 1</c> and for clients on <c>GatewayPort + N - 1</c>.
    /// Stable from run to run on purpose: a silo that comes back on the address of a member the table still lists
    /// (after a crash) declares that older generation dead as it joins, instead of everyone waiting to vote it out.
    /// </summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>See <see cref="SiloPort"/>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The private PostgreSQL server's port on 127.0.0.1.</summary>
    public int PostgresPort { get; set; } = 55432;

    /// <summary>
    /// How long, at most, the private PostgreSQL waits after a stop request for its clients to disconnect: silos
    /// leave the membership table as they stop.
    /// </summary>
    public TimeSpan PostgresStopWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the private PostgreSQL keeps its data (default: .picchat/ at the repository's root).</summary>
    public string? DataDirectory { get; set; }

    public static PicChatSettings From(IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(Section).Get<PicChatSettings>() ?? new();
        settings.DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.DataDirectory)
            ? Path.Combine(builder.AppHostDirectory, "..", ".picchat")
            : settings.DataDirectory);
        return settings;
    }
}
