using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PicChat.AppHost;

/// <summary>
/// Stops the .NET projects with SIGTERM before Aspire stops the rest. Aspire runs each project under
/// <c>dotnet run</c> and asks it to stop with SIGINT, which <c>dotnet run</c> does not pass on to the app (it
/// expects a terminal to have sent Ctrl+C to the app as well), so each silo and API would wait out the
/// orchestrator's escalation (about ten seconds) and might lose PostgreSQL before it has left the cluster.
/// SIGTERM is passed on, and an Orleans silo leaves the membership table within a second of it.
/// </summary>
public static class GracefulShutdown
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static IDistributedApplicationBuilder StopProjectsWithSigterm(this IDistributedApplicationBuilder builder)
    {
        // Hosted services stop in reverse order of registration, so this one stops before Aspire's orchestrator.
        builder.Services.AddHostedService<StopProjectsFirst>();
        return builder;
    }

    private sealed class StopProjectsFirst(ResourceNotificationService notifications, ILogger<StopProjectsFirst> logger)
        : IHostedService, IDisposable
    {
        private const int SigTerm = 15;

        private readonly CancellationTokenSource _watching = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _pids = new();

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = WatchAsync(_watching.Token);
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _watching.CancelAsync();
            var pids = _pids.Values.Distinct().ToList();
            foreach (var pid in pids)
            {
                _ = Kill(pid, SigTerm);
            }

            var deadline = DateTime.UtcNow + MaxWait;
            while (pids.Any(IsRunning) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            logger.LogInformation("Stopped {Count} projects with SIGTERM; {Left} still running", pids.Count, pids.Count(IsRunning));
        }

        public void Dispose() => _watching.Dispose();

        /// <summary>The process of every project replica, as the orchestrator reports it.</summary>
        private async Task WatchAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(cancellationToken))
                {
                    if (update.Resource is ProjectResource
                        && update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
                        && int.TryParse(value.ToString(), out var pid) && pid > 0)
                    {
                        _pids[update.ResourceId] = pid;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
