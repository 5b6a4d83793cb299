using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PicChat.AppHost;

namespace PicChat.Tests.Integration;

/// <summary>
/// Runs the real AppHost program, as <c>dotnet run --project PicChat.AppHost</c> would, on private ports and
/// a private data folder: it serves the API, keeps data across restarts and leaves no process behind.
/// </summary>
public sealed partial class AppHostTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"picchat-apphost-{Guid.NewGuid():N}");
    private readonly int _apiPort = PicChatFixture.FreePort();
    private readonly int _postgresPort = PicChatFixture.FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AppHostServesTheApiKeepsDataAndStopsEveryProcessOnCtrlC()
    {
        var email = Grains.Unique.Email("apphost");

        var firstRun = await RunAsync(async api =>
        {
            var register = await api.PostAsync("/users/user-register", new { email, password = "123456" });
            Assert.True(register.IsSuccess, register.Json.ToString());

            // Two silos by default, both members of the cluster in PostgreSQL (status 3 = active).
            var connectionString = await File.ReadAllTextAsync(Path.Combine(_dataDir, "connection-string"));
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);

            foreach (var resource in new[] { "postgres", "silo-1", "silo-2", "api", "apphost" })
            {
                Assert.True(File.Exists(Path.Combine(_dataDir, "logs", $"{resource}.log")), $"no log file for {resource}");
            }
        });
        var secondRun = await RunAsync(async api =>
        {
            var login = await api.PostAsync("/users/user-login", new { email, password = "123456" });
            Assert.True(login.IsSuccess, "the user registered in the first run is gone: " + login.Json);
        });

        foreach (var pid in firstRun.Concat(secondRun))
        {
            Assert.False(IsAlive(pid), $"process {pid} outlived the AppHost");
        }
    }

    /// <summary>Starts the AppHost, runs <paramref name="use"/> against its API, sends SIGINT; returns the pids it started.</summary>
    private async Task<List<int>> RunAsync(Func<ApiClient, Task> use)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[RepoPaths.ProjectAssembly(RepoPaths.FindRoot(), "PicChat.AppHost"),
            "--api-port", _apiPort.ToString(), "--postgres-port", _postgresPort.ToString(),
            "--silo-port", PicChatFixture.FreePort().ToString(), "--gateway-port", PicChatFixture.FreePort().ToString(),
            "--management-port", PicChatFixture.FreePort().ToString(), "--dashboard-port", PicChatFixture.FreePort().ToString(),
            "--data-dir", _dataDir])
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment.Remove("ConnectionStrings__picchat");
        using var process = Process.Start(startInfo)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (e.Data.Contains("PicChat is ready")) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
            Assert.True(started == ready.Task, "AppHost did not become ready:\n" + string.Join('\n', output));

            using var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://localhost:{_apiPort}") });
            await use(api);
        }
        finally
        {
            if (!process.HasExited)
            {
                Assert.Equal(0, Kill(process.Id, 2)); // SIGINT, as Ctrl+C sends
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(0, process.ExitCode);
        var pids = output.Select(line => PidLine().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(3, pids.Count); // silo-1, silo-2 and api
        var postmaster = Path.Combine(_dataDir, "postgres", "data", "postmaster.pid");
        Assert.False(File.Exists(postmaster), "PostgreSQL is still running after the AppHost stopped");
        return pids;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\[apphost\] (?:silo-\d+|api): pid (\d+)")]
    private static partial Regex PidLine();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
