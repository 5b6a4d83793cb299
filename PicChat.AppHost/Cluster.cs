using System.Net.Sockets;

namespace PicChat.AppHost;

/// <summary>
/// The resources the AppHost runs, in start order: postgres (unless a connection string is given), the
/// silos, then the API. Each is wired only through environment variables, the way Aspire wires services.
/// </summary>
public sealed class Cluster(AppHostOptions options, string repoRoot, ResourceLog log) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(2);

    private readonly List<ProjectResource> _silos = [];
    private readonly CancellationTokenSource _background = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private LocalPostgres? _postgres;
    private ProjectResource? _api;

    public string ApiUrl => $"http://localhost:{options.ApiPort}";

    public string? DashboardUrl => options.DashboardPort > 0 ? $"http://127.0.0.1:{options.DashboardPort}/dashboard/" : null;

    /// <summary>PostgreSQL as the status view shows it (null when an external server is used).</summary>
    public (int Port, int? Pid, bool Healthy)? Postgres { get; private set; }

    public IReadOnlyList<ProjectResource> Projects => [.. _silos, .. _api is null ? Array.Empty<ProjectResource>() : [_api]];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = System.Environment.GetEnvironmentVariable("ConnectionStrings__picchat");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            log.Write("apphost", $"starting postgres on 127.0.0.1:{options.PostgresPort} (data in {options.DataDir})");
            _postgres = await LocalPostgres.StartAsync(Path.Combine(options.DataDir, "postgres"), options.PostgresPort, cancellationToken);
            Postgres = (options.PostgresPort, _postgres.Pid, true);
            log.Write("postgres", $"running: pid {_postgres.Pid}, 127.0.0.1:{options.PostgresPort}, server log {_postgres.LogFile}");
            _ = TailAsync("postgres", _postgres.LogFile, _background.Token);
            connectionString = _postgres.ConnectionString;

            // For silos started by hand (see README): the same server, without copying its password around.
            var file = Path.Combine(options.DataDir, "connection-string");
            await File.WriteAllTextAsync(file, connectionString, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        else
        {
            log.Write("apphost", "using the PostgreSQL server named by ConnectionStrings__picchat");
        }

        var silo = RepoPaths.ProjectAssembly(repoRoot, "PicChat.Silo");
        for (var i = 0; i < options.Silos; i++)
        {
            var name = $"silo-{i + 1}";
            var (siloPort, gatewayPort, managementPort) = (options.SiloPort + i, options.GatewayPort + i, options.ManagementPort + i);
            var env = Environment(connectionString, name);
            env["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
            env["Orleans__Endpoints__SiloPort"] = siloPort.ToString();
            env["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString();
            env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{managementPort}";
            var resource = new ProjectResource(name, silo, env,
                $"silo {siloPort}, gateway {gatewayPort}, health http://127.0.0.1:{managementPort}/health",
                $"http://127.0.0.1:{managementPort}/health", log);
            resource.Start();
            _silos.Add(resource);
        }

        var apiEnv = Environment(connectionString, "api");
        apiEnv["ASPNETCORE_URLS"] = ApiUrl;
        apiEnv["PicChat__Dashboard__Port"] = options.DashboardPort.ToString();
        _api = new ProjectResource("api", RepoPaths.ProjectAssembly(repoRoot, "PicChat.Api"), apiEnv,
            $"{ApiUrl}" + (DashboardUrl is null ? "" : $", dashboard {DashboardUrl}"), $"{ApiUrl}/health", log);
        _api.Start();

        _ = WatchHealthAsync(_background.Token);
        await WaitUntilReadyAsync(cancellationToken);
        log.Write("apphost", $"PicChat is ready: API on {ApiUrl}, reference at {ApiUrl}/docs"
            + (DashboardUrl is null ? "" : $", dashboard at {DashboardUrl}") + " — Ctrl+C stops everything");
    }

    /// <summary>Stops the API, then the silos, then PostgreSQL, so nothing is left running.</summary>
    public async Task StopAsync()
    {
        await _background.CancelAsync();
        if (_api is not null)
        {
            await _api.StopAsync();
        }

        await Task.WhenAll(_silos.Select(s => s.StopAsync()));
        if (_postgres is not null)
        {
            await _postgres.StopAsync();
            _postgres = null;
            Postgres = Postgres is { } pg ? (pg.Port, null, false) : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _background.Dispose();
        _http.Dispose();
    }

    private static Dictionary<string, string> Environment(string connectionString, string serviceName) => new()
    {
        ["ConnectionStrings__picchat"] = connectionString,
        ["Orleans__ClusterId"] = "picchat",
        ["Orleans__ServiceId"] = "picchat",
        ["OTEL_SERVICE_NAME"] = serviceName,
        // One line per entry, with the request and user scope, reads well behind the resource prefix.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        ["Logging__LogLevel__Orleans.Runtime.SiloOptionsLogger"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore.Routing"] = "Warning",
        ["Logging__LogLevel__Polly"] = "Warning",
    };

    /// <summary>Ready when the API answers /health and every silo answers its own.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!Projects.All(p => p.Healthy == true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Projects.FirstOrDefault(p => p.Restarts > 0) is { } crashed)
            {
                throw new ClusterStartException($"{crashed.Name} exited during start-up; its log is above and in {log.FileOf(crashed.Name)}.");
            }

            if (DateTime.UtcNow > deadline)
            {
                var waiting = string.Join(", ", Projects.Where(p => p.Healthy != true).Select(p => p.Name));
                throw new ClusterStartException($"Not healthy within {ReadyTimeout.TotalSeconds:0} s: {waiting}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task WatchHealthAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAll(Projects.Select(async p => p.Healthy = p.Pid is not null && await AnswersAsync(p.HealthUrl, cancellationToken)));
            if (_postgres is not null && Postgres is { } pg)
            {
                Postgres = (pg.Port, _postgres.Pid, await AcceptsAsync(pg.Port, cancellationToken));
            }

            try
            {
                await Task.Delay(HealthInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> AnswersAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task TailAsync(string name, string file, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(0, SeekOrigin.End);
            using var reader = new StreamReader(stream);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    log.Write(name, line);
                }
                else
                {
                    await Task.Delay(250, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }
}
