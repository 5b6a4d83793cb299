using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PicChat.Tests.Integration;

namespace PicChat.Tests.AppHost;

/// <summary>
/// The real Aspire AppHost, started by Aspire.Hosting.Testing on private ports and a private data folder:
/// PostgreSQL, the API (a silo itself) and a second silo come up healthy, a user can register and chat, and disposing the app
/// leaves no process behind.
/// </summary>
public sealed class AspireAppHostTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"picchat-aspire-{Guid.NewGuid():N}");
    private readonly int _apiHttp2Port = PicChatFixture.FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AppHostRunsPostgresAndTheApiAsOneOfTwoSilosAndLeavesNoProcessBehind()
    {
        var apiPort = PicChatFixture.FreePort();
        // An empty connection string: a developer's own database must not leak into the test.
        var builder = await CreateAppHostAsync(apiPort, "--ConnectionStrings:picchat=");

        List<int> started;
        await using (var app = await builder.BuildAsync())
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await app.StartAsync(timeout.Token);
            foreach (var resource in new[] { "postgres", "picchat", "silo-1", "api" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }

            // Both silos, the API and silo-1, are Active (status 3) members of the cluster in PostgreSQL.
            var connectionString = await app.GetConnectionStringAsync("picchat", timeout.Token);
            Assert.Equal(2L, await QueryScalarAsync(connectionString!,
                "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'picchat' AND status = 3"));

            // The contract's endpoints answer on the API's fixed port: register, picture, chat, read back.
            using var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://localhost:{apiPort}") });
            var scenario = await ChatScenario.CreateAsync(api);
            var chatId = await scenario.SendAsync(scenario.Friend, scenario.Owner, "hello through Aspire");
            var read = await api.GetAsync($"/chats/read-chat?chatId={chatId}", token: scenario.Owner.Token);
            Assert.Equal("hello through Aspire", read.Json.GetProperty("content").GetString());

            // The API's second port speaks HTTP/2 with prior knowledge.
            using var http2 = new HttpClient
            {
                DefaultRequestVersion = System.Net.HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var alive = await http2.GetAsync($"http://localhost:{_apiHttp2Port}/alive");
            Assert.Equal((System.Net.HttpStatusCode.OK, System.Net.HttpVersion.Version20), (alive.StatusCode, alive.Version));

            started = ProcessTree.StartedByAspire(Environment.ProcessId);
            Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("PicChat.Silo"));
            Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("PicChat.Api"));
            Assert.Contains(started, pid => ProcessTree.CommandLine(pid).StartsWith("/usr/") && ProcessTree.CommandLine(pid).Contains("postgres -D"));
            Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("Aspire.Dashboard"));
            Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("dcp"));
        }

        // Every process the AppHost started is gone soon after, and PostgreSQL was shut down cleanly.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (started.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Empty(started.Where(ProcessTree.IsAlive).Select(pid => $"{pid}: {ProcessTree.CommandLine(pid)}"));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "postgres", "data", "postmaster.pid")),
            "PostgreSQL did not shut down cleanly");

        // PostgreSQL outlived the silos: both left the membership table (status 6 = dead) rather than vanishing.
        await using var postgres = await LocalPostgres.StartAsync(Path.Combine(_dataDirectory, "postgres"), PicChatFixture.FreePort());
        Assert.Equal(0L, await QueryScalarAsync(postgres.ConnectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'picchat' AND status <> 6"));
        Assert.Equal(2L, await QueryScalarAsync(postgres.ConnectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'picchat' AND status = 6"));
    }

    [Fact]
    public async Task AppHostUsesTheServerNamedByTheConnectionStringAndRunsTheApiAsAClientWhenTold()
    {
        await using var external = await LocalPostgres.StartAsync(Path.Combine(_dataDirectory, "external"), PicChatFixture.FreePort());
        var apiPort = PicChatFixture.FreePort();
        // The other topology too: the API as an Orleans client of two separate silos.
        var builder = await CreateAppHostAsync(apiPort, $"--ConnectionStrings:picchat={external.ConnectionString}", "--PicChat:Topology=Client");
        await using var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        foreach (var resource in new[] { "silo-1", "silo-2", "api" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, resource => resource.Name == "postgres");
        using var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://localhost:{apiPort}") });
        var user = await api.RegisterAsync();
        var login = await api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password });
        Assert.True(login.IsSuccess, login.Json.ToString());

        // The cluster lives in the named server: both silos are Active members there, and the API is not one.
        Assert.Equal(2L, await QueryScalarAsync(external.ConnectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'picchat' AND status = 3"));
    }

    /// <summary>The AppHost on private ports and data folder, the Aspire dashboard included (the testing host turns it off).</summary>
    private async Task<IDistributedApplicationTestingBuilder> CreateAppHostAsync(int apiPort, params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PicChat_AppHost>(
        [
            $"--PicChat:ApiPort={apiPort}",
            $"--PicChat:ApiHttp2Port={_apiHttp2Port}",
            $"--PicChat:OrleansDashboardPort={PicChatFixture.FreePort()}",
            $"--PicChat:PostgresPort={PicChatFixture.FreePort()}",
            $"--PicChat:SiloPort={Reliability.AppHostProcess.Ports.FreeRun(2)}",
            $"--PicChat:GatewayPort={Reliability.AppHostProcess.Ports.FreeRun(2)}",
            $"--PicChat:DataDirectory={_dataDirectory}",
            $"--ASPNETCORE_URLS=http://localhost:{PicChatFixture.FreePort()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{PicChatFixture.FreePort()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{PicChatFixture.FreePort()}",
            .. args,
        ], (options, _) => options.DisableDashboard = false);

        // The testing host allows 10 s to stop by default; leave room for the silos to leave the cluster.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    private static async Task<long> QueryScalarAsync(string connectionString, string sql)
    {
        // Unpooled: a connection the test kept open would hold PostgreSQL up when the AppHost stops it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
