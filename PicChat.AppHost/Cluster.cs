using System.Net.Http;

namespace PicChat.AppHost;

/// <summary>
/// The resources the AppHost runs, in start order: postgres (unless a connection string is given), the
/// silos, then the API. Each is wired only through environment variables, the way Aspire wires services.
/// </summary>
public sealed class Cluster(AppHostOptions options, string repoRoot, TextWriter console) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    private readonly List<ManagedProcess> _silos = [];
    private readonly CancellationTokenSource _tail = new();
    private LocalPostgres? _postgres;
    private ManagedProcess? _api;

    public string ApiUrl => $"http://localhost:{options.ApiPort}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__picchat");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Log("apphost", $"starting postgres on 127.0.0.1:{options.PostgresPort} (data in {options.DataDir})");
            _postgres = await LocalPostgres.StartAsync(Path.Combine(options.DataDir, "postgres"), options.PostgresPort, cancellationToken);
            _ = TailAsync("postgres", _postgres.LogFile, _tail.Token);
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
            Log("apphost", "using the PostgreSQL server named by ConnectionStrings__picchat");
        }

        var silo = RepoPaths.ProjectAssembly(repoRoot, "PicChat.Silo");
        var api = RepoPaths.ProjectAssembly(repoRoot, "PicChat.Api");
        for (var i = 0; i < options.Silos; i++)
        {
            var name = $"silo-{i + 1}";
            var env = OrleansEnvironment(connectionString, name);
            env["Orleans__GrainStorage__picchat__ProviderType"] = "AdoNet";
            env["Orleans__GrainStorage__picchat__Invariant"] = "Npgsql";
            env["Orleans__GrainStorage__picchat__ConnectionName"] = "picchat";
            env["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
            env["Orleans__Endpoints__SiloPort"] = (options.SiloPort + i).ToString();
            env["Orleans__Endpoints__GatewayPort"] = (options.GatewayPort + i).ToString();
            var process = ManagedProcess.Start(name, "dotnet", [silo], Path.GetDirectoryName(silo)!, env, Log);
            _silos.Add(process);
            Log("apphost", $"{name}: pid {process.Pid}, silo port {options.SiloPort + i}, gateway port {options.GatewayPort + i}");
        }

        var apiEnv = OrleansEnvironment(connectionString, "api");
        apiEnv["ASPNETCORE_URLS"] = ApiUrl;
        _api = ManagedProcess.Start("api", "dotnet", [api], Path.GetDirectoryName(api)!, apiEnv, Log);
        Log("apphost", $"api: pid {_api.Pid}, {ApiUrl}");

        await WaitUntilReadyAsync(cancellationToken);
        Log("apphost", $"PicChat is ready: API on {ApiUrl} — Ctrl+C stops everything");
    }

    /// <summary>Runs until shutdown is requested; a resource that dies is reported.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var watched = _silos.Append(_api!).ToDictionary(p => p.Exited, p => p);
        while (watched.Count > 0)
        {
            var exited = await Task.WhenAny(watched.Keys).WaitAsync(cancellationToken);
            Log("apphost", $"{watched[exited].Name} exited unexpectedly");
            watched.Remove(exited);
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>Stops the API, then the silos, then PostgreSQL, so nothing is left running.</summary>
    public async Task StopAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
            _api = null;
        }

        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        _silos.Clear();
        if (_postgres is not null)
        {
            await _postgres.StopAsync();
            _postgres = null;
        }

        await _tail.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _tail.Dispose();
    }

    private Dictionary<string, string> OrleansEnvironment(string connectionString, string serviceName) => new()
    {
        ["ConnectionStrings__picchat"] = connectionString,
        ["Orleans__ClusterId"] = "picchat",
        ["Orleans__ServiceId"] = "picchat",
        ["Orleans__Clustering__ProviderType"] = "AdoNet",
        ["Orleans__Clustering__Invariant"] = "Npgsql",
        ["Orleans__Clustering__ConnectionName"] = "picchat",
        ["OTEL_SERVICE_NAME"] = serviceName,
        // One line per entry reads well behind the resource prefix.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__LogLevel__Orleans.Runtime.SiloOptionsLogger"] = "Warning",
    };

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_silos.Append(_api!).FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new ClusterStartException($"{dead.Name} exited during start-up; its log is above.");
            }

            try
            {
                using var response = await http.GetAsync($"{ApiUrl}/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ClusterStartException($"The API did not answer on {ApiUrl}/health within {ReadyTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(500, cancellationToken);
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
                    Log(name, line);
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

    private void Log(string name, string line) => console.WriteLine($"[{name}] {line}");
}
