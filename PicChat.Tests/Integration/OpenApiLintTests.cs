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

    private static string FindTools() =>
        Path.Combine(ToolProcess.FindCheckout(Path.Combine("tools", "openapi-lint", "package-lock.json")), "tools", "openapi-lint");

    /// <summary>Runs a linter or npm, with no telemetry or update checks from a test run.</summary>
    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string[] arguments, string folder, TimeSpan timeout) =>
        ToolProcess.RunAsync(program, arguments, folder, timeout, new Dictionary<string, string?>
        {
            ["REDOCLY_TELEMETRY"] = "off",
            ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
            ["SCARF_ANALYTICS"] = "false",
            ["NO_UPDATE_NOTIFIER"] = "1",
        });
}
