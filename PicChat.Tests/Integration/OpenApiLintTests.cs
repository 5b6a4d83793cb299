using System.Diagnostics;
using System.Text.Json;

namespace PicChat.Tests.Integration;

/// <summary>
/// The served OpenAPI document stays clean under the two linters client generators and gateways are usually
/// checked with: Redocly's recommended rules and Spectral's <c>spectral:oas</c>, at the versions pinned in
/// <c>tools/openapi-lint</c> (installed with <c>npm ci</c> on first use). Any error or warning fails the test,
/// with the linters' own report.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class OpenApiLintTests(PicChatFixture fixture) : IDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim Install = new(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("picchat-openapi-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TheOpenApiDocumentHasNoRedoclyErrorsOrWarnings()
    {
        var tools = await LintToolsAsync();
        var document = await SaveDocumentAsync();

        // Act
        var (exitCode, output, errors) = await RunAsync(Path.Combine(tools, "node_modules", ".bin", "redocly"),
            ["lint", document, "--config", Path.Combine(tools, "redocly.yaml"), "--format", "json"], tools, LintTimeout);

        // Assert
        Assert.True(output.Contains('{'), $"redocly lint (exit code {exitCode}) wrote no report:\n{output}\n{errors}");
        var report = JsonDocument.Parse(output[output.IndexOf('{')..]).RootElement;
        var totals = report.GetProperty("totals");
        var problems = report.GetProperty("problems").EnumerateArray().Select(p =>
            $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at "
            + string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString())));
        Assert.True(exitCode == 0 && totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
            $"redocly lint (exit code {exitCode}):\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task TheOpenApiDocumentHasNoSpectralErrorsOrWarnings()
    {
        var tools = await LintToolsAsync();
        var document = await SaveDocumentAsync();

        // Act
        var (exitCode, output, errors) = await RunAsync(Path.Combine(tools, "node_modules", ".bin", "spectral"),
            ["lint", document, "--ruleset", Path.Combine(tools, ".spectral.yaml"), "--fail-severity", "hint", "--format", "text"],
            tools, LintTimeout);

        // Assert
        Assert.True(exitCode == 0, $"spectral lint (exit code {exitCode}):\n{output}\n{errors}");
    }

    private async Task<string> SaveDocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.ApiBase };
        var path = Path.Combine(_folder, "openapi.json");
        await File.WriteAllTextAsync(path, await http.GetStringAsync("/openapi/v1.json"));
        return path;
    }

    /// <summary>The <c>tools/openapi-lint</c> folder of this checkout, its packages installed.</summary>
    private static async Task<string> LintToolsAsync()
    {
        var tools = FindTools();
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(tools, "node_modules", ".bin", "redocly"))
                || !File.Exists(Path.Combine(tools, "node_modules", ".bin", "spectral")))
            {
                var (exitCode, output, errors) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], tools, InstallTimeout);
                Assert.True(exitCode == 0, $"npm ci in {tools} failed (exit code {exitCode}); Node 20.19+ and npm are needed:\n{output}\n{errors}");
            }
        }
        finally
        {
            Install.Release();
        }

        return tools;
    }

    private static string FindTools()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var tools = Path.Combine(folder.FullName, "tools", "openapi-lint");
            if (File.Exists(Path.Combine(tools, "package-lock.json")))
            {
                return tools;
            }
        }

        throw new InvalidOperationException($"No tools/openapi-lint above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs a program to its end (killed with its children after <paramref name="timeout"/>).</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string[] arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No telemetry or update checks from a test run.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["SCARF_ANALYTICS"] = "false";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{program}' (is Node.js 20.19+ with npm on PATH?).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {timeout}.");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
