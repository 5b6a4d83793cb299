using System.Diagnostics;

namespace PicChat.Tests.Integration;

/// <summary>Runs a command-line tool the tests need (the OpenAPI linters, the .NET SDK, Kiota) to its end, bounded in time.</summary>
public static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="folder"/> and returns its exit code and output; after
    /// <paramref name="timeout"/> it is killed with its children and the call throws.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program, IEnumerable<string> arguments, string folder, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            // null: not handed down at all.
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{program}' (is it installed and on PATH?).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                // A child it left running (a build server, say) may still hold the output open: bounded too.
                await Task.WhenAll(stdout, stderr).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{program} {string.Join(' ', start.ArgumentList)}' did not finish within {timeout}.");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>The folder above the test binaries holding <paramref name="marker"/> (a path relative to it): this checkout.</summary>
    public static string FindCheckout(string marker)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Path.Exists(Path.Combine(folder.FullName, marker)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No {marker} above {AppContext.BaseDirectory}.");
    }
}
