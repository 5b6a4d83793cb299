using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using PicChat.Api;
using PicChat.Api.Auth;
using PicChat.Silo;

namespace PicChat.Tests.Integration;

/// <summary>
/// The whole system, for real, once per test run: a private PostgreSQL (the AppHost's own launcher), a silo
/// and an API host started with the same set-up code as their programs, talking over loopback.
/// </summary>
public sealed class PicChatFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"picchat-tests-{Guid.NewGuid():N}");
    private readonly List<IHost> _silos = [];
    private WebApplication? _api;

    public LocalPostgres Postgres { get; private set; } = null!;

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    public Uri ApiBase { get; private set; } = null!;

    /// <summary>The shared API instance (for its configuration and services).</summary>
    public WebApplication Api => _api!;

    /// <summary>The services of the silo started first and still running.</summary>
    public IServiceProvider SiloServices => _silos[0].Services;

    /// <summary>The management endpoint of the silo started first and still running.</summary>
    public string SiloManagementUrl => ((WebApplication)_silos[0]).Urls.First();

    /// <summary>
    /// A client that keeps no cookies, so every call is authenticated only by what the test sends. With
    /// <paramref name="from"/> (see <see cref="NextClientAddress"/>) it connects from that loopback address, so
    /// limits per client address count only this test's requests.
    /// </summary>
    public ApiClient Client(Uri? baseAddress = null, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { UseCookies = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new(new HttpClient(handler) { BaseAddress = baseAddress ?? ApiBase });
    }

    private static int _nextClientAddress = 0x7F_00_01_00;

    /// <summary>A loopback address (127.0.1.x and up) no other test connects from.</summary>
    public static IPAddress NextClientAddress() =>
        new(IPAddress.HostToNetworkOrder(Interlocked.Increment(ref _nextClientAddress)) & 0xFFFFFFFFL);

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync(_root, FreePort());
        await StartSiloAsync();
        // Generous limits for the shared API: the rate-limit tests start their own instances with tight ones.
        (_api, ApiBase) = await StartApiAsync(new()
        {
            [AuthOptions.AttemptsPerClientPerMinuteKey] = "100000",
            [AuthOptions.FailedLoginsPerClientKey] = "100000",
        });
    }

    /// <summary>
    /// For the tests' own queries: unpooled, so a connection left over from before a PostgreSQL restart (which
    /// the server terminated) can never fail a check made after it.
    /// </summary>
    public string QueryConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>Counts rows of an application table straight from PostgreSQL, to check what is really stored.</summary>
    public async Task<long> CountRowsAsync(string table, string column, long value)
    {
        await using var connection = new Npgsql.NpgsqlConnection(QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {column} = $1", connection);
        command.Parameters.Add(new() { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a query with one bigint parameter and returns its first column, to check what is really stored.</summary>
    public async Task<List<long>> QueryLongsAsync(string sql, long parameter)
    {
        await using var connection = new Npgsql.NpgsqlConnection(QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = parameter });
        var values = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    /// <summary>Stops the fixture's PostgreSQL, as an outage would; <see cref="StartPostgresAsync"/> brings it back.</summary>
    public Task StopPostgresAsync() => Postgres.StopAsync();

    /// <summary>Starts the same server again: same folder, same port, same data.</summary>
    public async Task StartPostgresAsync() => Postgres = await LocalPostgres.StartAsync(_root, Postgres.Port);

    /// <summary>
    /// For tests that break the shared system (PostgreSQL stopped or frozen, a silo killed): waits (at most a
    /// minute) until a whole round of users, a picture and a chat works again, so the tests after them start on
    /// a healthy system. Right after an outage a few calls may still meet a dead pooled connection.
    /// </summary>
    public async Task WaitUntilServingAsync()
    {
        using var api = Client();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        for (var healthyRounds = 0; healthyRounds < 2;)
        {
            try
            {
                var scenario = await ChatScenario.CreateAsync(api);
                await scenario.SendAsync(scenario.Friend, scenario.Owner, "are you there?");
                healthyRounds++;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                healthyRounds = 0;
                await Task.Delay(500);
            }
        }
    }

    /// <summary>
    /// Freezes PostgreSQL as a hung machine would (SIGSTOP to the server and all its processes): connections stay
    /// open, nothing answers. <see cref="ThawPostgresAsync"/> lets it go on where it stopped.
    /// </summary>
    public Task FreezePostgresAsync() => SignalPostgresAsync("STOP");

    public Task ThawPostgresAsync() => SignalPostgresAsync("CONT");

    /// <summary>SIGKILL to PostgreSQL and all its processes, as a crash would; <see cref="StartPostgresAsync"/> recovers it.</summary>
    public Task KillPostgresAsync() => SignalPostgresAsync("KILL");

    private async Task SignalPostgresAsync(string signal)
    {
        var postmaster = Postgres.Pid ?? throw new InvalidOperationException("PostgreSQL is not running.");
        var pids = new List<int> { postmaster };
        foreach (var stat in Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                // "pid (name) state ppid ...": the name may hold spaces, so read after its closing parenthesis.
                var text = await File.ReadAllTextAsync(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == postmaster)
                {
                    pids.Add(int.Parse(text[..text.IndexOf(' ')]));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // A process that ended meanwhile, or a folder that is not a process.
            }
        }

        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", .. pids.Select(p => p.ToString())])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Starts one more silo of this cluster and returns it, for tests of membership and fail-over.</summary>
    public async Task<IHost> StartSiloAsync()
    {
        var silo = PicChatSilo.Build([], builder => builder.Configuration.AddInMemoryCollection(ClusterSettings(new()
        {
            ["urls"] = $"http://127.0.0.1:{FreePort()}",
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(),
        })));
        await silo.StartAsync();
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops the oldest silo still running (the one the fixture started first), as a crash test would.</summary>
    public async Task StopOldestSiloAsync()
    {
        var silo = _silos[0];
        _silos.RemoveAt(0);
        await StopQuietlyAsync(silo);
    }

    /// <summary>Starts an API instance of this cluster with extra settings; the caller disposes it.</summary>
    public async Task<(WebApplication Api, Uri BaseAddress)> StartApiAsync(
        Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var port = FreePort();
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings.TryAdd("PicChat:Dashboard:Port", FreePort().ToString());
        var api = PicChatApi.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(ClusterSettings(settings));
            configure?.Invoke(builder);
        });
        await api.StartAsync();
        return (api, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await StopQuietlyAsync(silo);
        }

        if (Postgres is not null)
        {
            await Postgres.StopAsync();
        }

        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            host.Dispose();
        }
    }

    private Dictionary<string, string?> ClusterSettings(Dictionary<string, string?> extra)
    {
        extra["ConnectionStrings:picchat"] = Postgres.ConnectionString;
        extra["Orleans:ClusterId"] = ClusterId;
        extra["Orleans:ServiceId"] = ClusterId;
        extra.TryAdd("Logging:LogLevel:Default", "Warning");
        return extra;
    }

    /// <summary>
    /// A port free now, below Linux's ephemeral range (32768 and up): a port the OS hands out for listening
    /// comes from that range, where any outgoing connection of the test run may take it before the server
    /// binds it. Below it only listeners compete.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(15_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PicChatCollection : ICollectionFixture<PicChatFixture>
{
    public const string Name = "picchat on postgres";
}
