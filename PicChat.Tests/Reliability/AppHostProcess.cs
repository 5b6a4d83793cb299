using System.Diagnostics;
using Npgsql;
using PicChat.Tests.AppHost;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// The real AppHost (<c>PicChat.AppHost.dll</c>, as <c>dotnet run --project PicChat.AppHost</c> runs it) in a process
/// of its own, on private ports and a data folder the caller keeps, so a test can cut the power to the whole
/// system: AppHost, Aspire's orchestrator, PostgreSQL, both silos and the API.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly object LogGate = new();
    private readonly Process _process;
    private readonly string _log;

    private AppHostProcess(Process process, string log, int apiPort)
    {
        _process = process;
        _log = log;
        ApiPort = apiPort;
    }

    public int ApiPort { get; }

    /// <summary>Ports that stay the same from one start to the next, as they do for a user's <c>dotnet run</c>.</summary>
    public sealed record Ports(int Api, int Postgres, int SiloBase, int GatewayBase, int Dashboard, int Otlp, int ResourceService)
    {
        public static Ports Free(int silos) => new(PicChatFixture.FreePort(), PicChatFixture.FreePort(), FreeRun(silos),
            FreeRun(silos), PicChatFixture.FreePort(), PicChatFixture.FreePort(), PicChatFixture.FreePort());

        /// <summary>A first port whose next <paramref name="count"/> - 1 neighbours are free as well.</summary>
        public static int FreeRun(int count)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var first = Random.Shared.Next(20_000, 40_000);
                if (Enumerable.Range(first, count).All(PortIsFree))
                {
                    return first;
                }
            }

            throw new InvalidOperationException("No run of free ports found");
        }

        private static bool PortIsFree(int port)
        {
            try
            {
                using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }
    }

    public static AppHostProcess Start(string dataDirectory, Ports ports, string log)
    {
        var project = Projects.PicChat_AppHost.ProjectPath;
        var dll = Path.Combine(project.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(project)! : project, "bin",
#if DEBUG
            "Debug",
#else
            "Release",
#endif
            "net10.0", "PicChat.AppHost.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            dll,
            $"--PicChat:DataDirectory={dataDirectory}",
            $"--PicChat:ApiPort={ports.Api}",
            "--PicChat:ApiHttp2Port=0",
            "--PicChat:OrleansDashboardPort=0",
            $"--PicChat:PostgresPort={ports.Postgres}",
            $"--PicChat:SiloPort={ports.SiloBase}",
            $"--PicChat:GatewayPort={ports.GatewayBase}",
            // An empty connection string: a developer's own database must not leak into the test.
            "--ConnectionStrings:picchat=",
        ])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://localhost:{ports.Dashboard}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://localhost:{ports.Otlp}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{ports.ResourceService}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Development",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppHostProcess(process, log, ports.Api);
    }

    /// <summary>
    /// A power cut: SIGKILL to the AppHost, the orchestrator and everything it runs, all stopped first so that none
    /// of them sees the others die and reacts.
    /// </summary>
    public void PowerCut()
    {
        var victims = ProcessTree.StartedByAspire(_process.Id).Append(_process.Id).ToList();
        foreach (var pid in victims)
        {
            Signal(pid, "STOP");
        }

        foreach (var pid in victims)
        {
            Signal(pid, "KILL");
        }

        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>What the AppHost started (for checking that a graceful stop leaves nothing behind).</summary>
    public List<int> Children() => ProcessTree.StartedByAspire(_process.Id);

    /// <summary>A graceful stop, as a service manager sends it (SIGTERM); a power cut if it takes over a minute.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var children = Children();
            Signal(_process.Id, "TERM");
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (children.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
            catch (OperationCanceledException)
            {
            }

            if (!_process.HasExited || children.Any(ProcessTree.IsAlive))
            {
                PowerCut();
            }
        }

        _process.Dispose();
    }

    public string LogTail() => File.Exists(_log) ? string.Join('\n', File.ReadLines(_log).TakeLast(40)) : "";

    /// <summary>The private PostgreSQL's connection string (its superuser password is kept in the data folder).</summary>
    public static string ConnectionString(string dataDirectory, int port) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = File.ReadAllText(Path.Combine(dataDirectory, "postgres", "password")).Trim(),
        Database = "picchat",
        Pooling = false,
    }.ConnectionString;

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString()]) { RedirectStandardError = true })!;
        kill.WaitForExit(TimeSpan.FromSeconds(5));
    }

    private static void Append(string log, string? line)
    {
        if (line is not null)
        {
            lock (LogGate)
            {
                File.AppendAllText(log, line + "\n");
            }
        }
    }
}
