using System.Diagnostics;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// An API instance of the fixture's cluster in a process of its own (the built PicChat.Api.dll, configured only by
/// environment variables, as an orchestrator would), so a test can kill it outright and start it again.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process) => _process = process;

    /// <summary>Starts the API on <paramref name="port"/>; it answers once it has reached a gateway.</summary>
    public static ApiProcess Start(PicChatFixture fixture, int port)
    {
        var start = SiloProcess.ClusterProcess(fixture, "PicChat.Api.dll", new()
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["PicChat__Dashboard__Port"] = "0",
            ["PicChat__Http2Port"] = "0",
        });
        var process = Process.Start(start)!;
        // Drained and dropped: the test reads the answers, not the log.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ApiProcess(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }
}
