namespace PicChat.AppHost;

/// <summary>
/// A .NET project the AppHost runs (a silo or the API), kept running: when it exits unexpectedly it is
/// started again after a back-off that doubles from 1 s up to 30 s, and resets once it has run for a minute.
/// </summary>
public sealed class ProjectResource(
    string name, string assembly, IReadOnlyDictionary<string, string> environment, string ports, string healthUrl, ResourceLog log)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private ManagedProcess? _process;
    private Task? _supervisor;

    public string Name => name;

    public string Ports => ports;

    public string HealthUrl => healthUrl;

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    /// <summary>Every pid this resource has run (so a test can check none outlived the AppHost).</summary>
    public IReadOnlyList<int> AllPids => _pids;

    private readonly List<int> _pids = [];

    public string State { get; private set; } = "starting";

    public int Restarts { get; private set; }

    public bool? Healthy { get; set; }

    /// <summary>Starts the process and its supervisor; returns once the first process runs.</summary>
    public void Start()
    {
        _process = Launch();
        _supervisor = SuperviseAsync();
    }

    /// <summary>Stops the process for good (SIGTERM, then kill after 10 s).</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        State = "stopping";
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_supervisor is not null)
        {
            await _supervisor;
        }

        // The supervisor may have launched a replacement just as we stopped.
        if (_process is { HasExited: false })
        {
            await _process.DisposeAsync();
        }

        State = "stopped";
    }

    private ManagedProcess Launch()
    {
        var process = ManagedProcess.Start(name, "dotnet", [assembly], Path.GetDirectoryName(assembly)!, environment, log.Write);
        State = "running";
        _pids.Add(process.Pid);
        log.Write("apphost", $"{name}: pid {process.Pid}, {ports}");
        return process;
    }

    private async Task SuperviseAsync()
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!_stopping.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            try
            {
                await _process!.Exited.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (DateTime.UtcNow - started > StableAfter)
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            State = "restarting";
            Healthy = false;
            log.Write("apphost", $"{name} exited unexpectedly; restarting in {backoff.TotalSeconds:0} s");
            try
            {
                await Task.Delay(backoff, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            Restarts++;
            await _process.DisposeAsync();
            _process = Launch();
        }
    }
}
