using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PicChat.Benchmarks;

/// <summary>
/// PicChat as it ships: the Aspire AppHost in Release (private PostgreSQL, two silos, the API) on ports and a
/// data folder of its own; or a running instance named by <c>--url</c>.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly Process? _appHost;
    private readonly string? _dataDirectory;

    private SystemUnderTest(Uri api, Uri? http2Api, string connectionString, Process? appHost, string? dataDirectory)
    {
        Api = api;
        Http2Api = http2Api;
        ConnectionString = connectionString;
        _appHost = appHost;
        _dataDirectory = dataDirectory;
    }

    public Uri Api { get; }

    /// <summary>The API's HTTP/2-only (h2c) port, if known.</summary>
    public Uri? Http2Api { get; }

    public string ConnectionString { get; }

    public static async Task<SystemUnderTest> StartAsync(BenchmarkOptions options, string repoRoot)
    {
        if (options.Url is not null)
        {
            return new SystemUnderTest(options.Url, options.Http2Url, options.ConnectionString!, null, null);
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"picchat-bench-{Guid.NewGuid():N}");
        var (apiPort, apiHttp2Port, postgresPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["run", "-c", "Release", "--project", "PicChat.AppHost", "--",
            $"--PicChat:ApiPort={apiPort}", $"--PicChat:ApiHttp2Port={apiHttp2Port}", $"--PicChat:PostgresPort={postgresPort}", "--PicChat:OrleansDashboardPort=0",
            $"--PicChat:DataDirectory={dataDirectory}", "--ConnectionStrings:picchat=",
            $"--ASPNETCORE_URLS=http://localhost:{FreePort()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePort()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePort()}"])
        {
            start.ArgumentList.Add(arg);
        }

        if (options.Silos is { } silos)
        {
            start.ArgumentList.Add($"--PicChat:Silos={silos}");
        }

        if (options.Topology is { } topology)
        {
            start.ArgumentList.Add($"--PicChat:Topology={topology}");
        }

        if (options.Placement is { } placement)
        {
            start.Environment["PicChat__Placement"] = placement; // the AppHost's processes inherit its environment
        }

        var appHost = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(Path.GetTempPath(), $"picchat-bench-apphost-{appHost.Id}.log")) { AutoFlush = true };
        appHost.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        appHost.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();

        var api = new Uri($"http://localhost:{apiPort}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            if (appHost.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the AppHost did not become healthy; its output is in {Path.GetTempPath()}picchat-bench-apphost-{appHost.Id}.log");
            }

            try
            {
                if ((await http.GetAsync(new Uri(api, "/health"))).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "postgres", "password"))).Trim();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = postgresPort, Username = "postgres", Password = password, Database = "picchat",
        }.ConnectionString;
        return new SystemUnderTest(api, new Uri($"http://localhost:{apiHttp2Port}"), connectionString, appHost, dataDirectory);
    }

    /// <summary>The API's process on this machine, for its memory and sockets: the one told to listen on the API's port.</summary>
    public Process? FindApiProcess() =>
        !Api.IsLoopback ? null : Process.GetProcessesByName("PicChat.Api")
            .FirstOrDefault(p => ProcessStats.EnvironmentMentions(p, $"http://localhost:{Api.Port}"));

    /// <summary>The silo processes on this machine that use this system's PostgreSQL (none when it is remote).</summary>
    public IReadOnlyList<Process> FindSiloProcesses()
    {
        var database = new NpgsqlConnectionStringBuilder(ConnectionString);
        return !Api.IsLoopback ? [] : Process.GetProcessesByName("PicChat.Silo")
            .Where(p => ProcessStats.EnvironmentMentions(p, $"Port={database.Port}")).ToList();
    }

    /// <summary>The processes that host grains: the silos, and the API when it is one of them (co-hosted, as the AppHost says in its environment).</summary>
    public IReadOnlyList<Process> FindGrainHostProcesses() =>
        FindApiProcess() is { } api && ProcessStats.EnvironmentMentions(api, "PicChat__Topology=CoHosted")
            ? [api, .. FindSiloProcesses()]
            : FindSiloProcesses();

    public async ValueTask DisposeAsync()
    {
        if (_appHost is { HasExited: false })
        {
            _ = Kill(_appHost.Id, 15); // SIGTERM: the AppHost stops everything it started
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _appHost.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }

        _appHost?.Dispose();
        if (_dataDirectory is not null)
        {
            try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
