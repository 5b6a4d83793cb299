using System.Diagnostics;
using Npgsql;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// A silo of the fixture's cluster in a process of its own (the built PicChat.Silo.dll, configured only by
/// environment variables, as an orchestrator would), so a test can kill it outright.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;

    private SiloProcess(Process process, int siloPort, string log)
    {
        _process = process;
        SiloPort = siloPort;
        _log = log;
    }

    public int SiloPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the silo and waits (at most a minute) until membership lists it as active.</summary>
    public static async Task<SiloProcess> StartAsync(PicChatFixture fixture, int? siloPort = null)
    {
        var port = siloPort ?? PicChatFixture.FreePort();
        var log = Path.Combine(Path.GetTempPath(), $"picchat-silo-{port}-{Guid.NewGuid():N}.log");
        var start = ClusterProcess(fixture, "PicChat.Silo.dll", new()
        {
            ["Orleans__Endpoints__SiloPort"] = port.ToString(),
            ["Orleans__Endpoints__GatewayPort"] = PicChatFixture.FreePort().ToString(),
            ["urls"] = $"http://127.0.0.1:{PicChatFixture.FreePort()}",
        });
        var process = Process.Start(start)!;
        var silo = new SiloProcess(process, port, log);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (await ReadStatusAsync(fixture, port) != 3)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await silo.DisposeAsync();
                throw new InvalidOperationException($"The silo on port {port} did not become active:\n{silo.LogTail()}");
            }

            await Task.Delay(250);
        }

        return silo;
    }

    /// <summary>
    /// One of the fixture's hosts (<paramref name="dll"/> from the test's output folder) as an orchestrator starts it:
    /// configured by environment variables only, the fixture's database and cluster plus <paramref name="settings"/>.
    /// </summary>
    internal static ProcessStartInfo ClusterProcess(PicChatFixture fixture, string dll, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, dll)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ConnectionStrings__picchat"] = fixture.Postgres.ConnectionString,
                ["Orleans__ClusterId"] = fixture.ClusterId,
                ["Orleans__ServiceId"] = fixture.ClusterId,
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_gcServer"] = "0",
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>The newest membership status of the silo on <paramref name="port"/> (3 active, 6 dead), or null.</summary>
    public static async Task<int?> ReadStatusAsync(PicChatFixture fixture, int port)
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        command.Parameters.AddWithValue("port", port);
        return await command.ExecuteScalarAsync() as int?;
    }

    public string LogTail() => File.Exists(_log) ? string.Join('\n', File.ReadLines(_log).TakeLast(40)) : "";

    /// <summary>A graceful stop (SIGTERM, as an orchestrator sends): the silo hands its grains over and leaves.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])!)
        {
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Stops the silo gracefully, so the tests after this one meet no grains on a dead silo.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();

        _process.Dispose();
        try { File.Delete(_log); } catch (IOException) { }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_process)
            {
                File.AppendAllText(_log, line + "\n");
            }
        }
    }
}
