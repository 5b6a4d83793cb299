using System.Xml.Linq;

namespace PicChat.Tests.Integration.GeneratedClient;

/// <summary>
/// The served OpenAPI document is one a generated client can live with: Kiota, at the version the repository's
/// tool manifest pins (<c>.config/dotnet-tools.json</c>), generates a C# client from <c>/openapi/v1.json</c>,
/// and <c>Scenario.cs</c>, written against that client only, registers, befriends, creates a picture, chats,
/// pages and reads against the running API. The client is built outside the repository (its central package
/// management would otherwise apply), with the Kiota libraries pinned in <c>Directory.Packages.props</c>.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class GeneratedClientTests(PicChatFixture fixture) : IDisposable
{
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan GenerateTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(2);

    /// <summary>No telemetry, update checks, first-run banners or build servers outliving the test.</summary>
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["KIOTA_OFFLINE_ENABLED"] = "true",
        ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
        ["KIOTA_TUTORIAL_ENABLED"] = "false",
        ["KIOTA_CONSOLE_COLORS_ENABLED"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("picchat-kiota-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AClientGeneratedFromTheDocumentRunsTheWholeScenario()
    {
        var checkout = ToolProcess.FindCheckout(Path.Combine(".config", "dotnet-tools.json"));
        await RunAsync("dotnet", ["tool", "restore"], checkout, RestoreTimeout, "dotnet tool restore");
        var document = Path.Combine(_folder, "openapi.json");
        using (var http = new HttpClient { BaseAddress = fixture.ApiBase })
        {
            await File.WriteAllTextAsync(document, await http.GetStringAsync("/openapi/v1.json"));
        }

        // Run from the checkout, where the tool manifest pins the generator.
        await RunAsync("dotnet", ["kiota", "generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(_folder, "Client"),
            "-c", "PicChatClient", "-n", "PicChat.Client", "--exclude-backward-compatible", "--clean-output"], checkout, GenerateTimeout, "kiota generate");
        await File.WriteAllTextAsync(Path.Combine(_folder, "Scenario.csproj"), ScenarioProject(checkout));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Integration", "GeneratedClient", "Scenario.cs"), Path.Combine(_folder, "Program.cs"));
        await RunAsync("dotnet", ["build", "Scenario.csproj", "--disable-build-servers", "-o", "out", "-v", "quiet"], _folder, BuildTimeout, "dotnet build");

        // Act
        var (exitCode, output, errors) = await ToolProcess.RunAsync("dotnet", [Path.Combine(_folder, "out", "Scenario.dll"), fixture.ApiBase.ToString()],
            _folder, ScenarioTimeout, Quiet);

        // Assert
        Assert.True(exitCode == 0, $"the scenario on the generated client failed (exit code {exitCode}):\n{output}\n{errors}");
        Assert.Equal(["ok: register", "ok: befriend", "ok: create a picture", "ok: chat", "ok: page", "ok: read", "ok: a 53-bit id", "ok: delete",
            "scenario passed"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>A console project of the generated client and the scenario, on the Kiota libraries the repository pins.</summary>
    private static string ScenarioProject(string checkout)
    {
        var pins = XDocument.Load(Path.Combine(checkout, "Directory.Packages.props")).Descendants("PackageVersion")
            .Where(pin => ((string?)pin.Attribute("Include"))?.StartsWith("Microsoft.Kiota.", StringComparison.Ordinal) == true)
            .Select(pin => new XElement("PackageReference", new XAttribute("Include", (string)pin.Attribute("Include")!),
                new XAttribute("Version", (string)pin.Attribute("Version")!)))
            .ToArray();
        Assert.NotEmpty(pins);
        return new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("AssemblyName", "Scenario")),
            new XElement("ItemGroup", pins)).ToString();
    }

    private static async Task RunAsync(string program, string[] arguments, string folder, TimeSpan timeout, string what)
    {
        var (exitCode, output, errors) = await ToolProcess.RunAsync(program, arguments, folder, timeout, WithoutParentBuild());
        Assert.True(exitCode == 0, $"{what} failed (exit code {exitCode}):\n{output}\n{errors}");
    }

    /// <summary>
    /// <see cref="Quiet"/>, and without the MSBuild settings <c>dotnet test</c> hands down to the test host, which
    /// would point a nested build at the outer one's SDK state.
    /// </summary>
    private static Dictionary<string, string?> WithoutParentBuild()
    {
        var environment = new Dictionary<string, string?>(Quiet);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !Quiet.ContainsKey(name)))
        {
            environment[name] = null;
        }

        return environment;
    }
}
