using System.Runtime.InteropServices;
using PicChat.AppHost;

// PicChat's orchestrator, in the spirit of .NET Aspire's AppHost (no Aspire package can be restored here):
// named resources wired through environment variables — postgres, silo-N, api.
var repoRoot = RepoPaths.FindRoot();
AppHostOptions options;
try
{
    options = AppHostOptions.Parse(args, repoRoot);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

// One AppHost per data folder: a second one would take over (and stop) the first one's PostgreSQL. The OS
// drops the lock when this process ends, however it ends, so a killed AppHost never blocks the next.
Directory.CreateDirectory(options.DataDir);
FileStream dataLock;
try
{
    dataLock = new FileStream(Path.Combine(options.DataDir, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
catch (IOException)
{
    Console.Error.WriteLine($"[apphost] another PicChat AppHost is running on {options.DataDir}; stop it first, or pass --data-dir <folder> (and other ports) to run a second one.");
    return 1;
}

using var dataLockRelease = dataLock;
using var shutdown = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

using var log = new ResourceLog(options.DataDir, Console.Out);
await using var cluster = new Cluster(options, repoRoot, log);

// In a terminal, a live table of the resources (with the latest log lines); otherwise plain prefixed lines.
using var viewStop = new CancellationTokenSource();
var view = Task.CompletedTask;
if (StatusView.IsInteractive)
{
    log.Captured = true;
    view = StatusView.RunAsync(cluster, log, viewStop.Token);
}

var exitCode = 0;
try
{
    await cluster.StartAsync(shutdown.Token);
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
{
}
catch (Exception ex) when (ex is PostgresNotFoundException or ClusterStartException)
{
    log.Write("apphost", ex.Message);
    exitCode = 1;
}
finally
{
    log.Write("apphost", "stopping: api, silos, then postgres");
    await cluster.StopAsync();
    log.Write("apphost", "stopped");
    await viewStop.CancelAsync();
    await view;
}

if (exitCode != 0 && log.Captured)
{
    Console.Error.WriteLine($"[apphost] failed to start; logs are in {Path.Combine(options.DataDir, "logs")}");
}

return exitCode;

void Stop(PosixSignalContext context)
{
    // Keep the AppHost alive long enough to stop its resources in order.
    context.Cancel = true;
    shutdown.Cancel();
}
