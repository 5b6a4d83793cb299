using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace PicChat.Tests.Integration;

/// <summary>
/// A private PostgreSQL server in a folder of its own: created with initdb on first use, listening only on
/// 127.0.0.1, password-protected, started and stopped with pg_ctl. The integration tests run PicChat on one
/// of these; its folder layout (data/, password) is the AppHost's, so a test can open what an AppHost left.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string DatabaseName = "picchat";
    private const string SuperUser = "postgres";

    private readonly string _bin;
    private readonly string _root;
    private bool _running;

    private LocalPostgres(string bin, string root, int port, string password)
    {
        _bin = bin;
        _root = root;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = SuperUser, Password = password, Database = DatabaseName,
        }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>The connection string of the <c>picchat</c> database.</summary>
    public string ConnectionString { get; }

    public string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>The postmaster's pid (first line of postmaster.pid), or null when it is not running.</summary>
    public int? Pid
    {
        get
        {
            try
            {
                var first = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).FirstOrDefault();
                return int.TryParse(first, out var pid) ? pid : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    private string DataDir => Path.Combine(_root, "data");

    /// <summary>Starts the server in <paramref name="root"/> (initializing it on first use) and makes sure the database exists.</summary>
    public static async Task<LocalPostgres> StartAsync(string root, int port, CancellationToken cancellationToken = default)
    {
        // The AppHost's own search (PATH, Debian's folders, /usr/local/bin), so tests and AppHost use one server build.
        var bin = PicChat.AppHost.Postgres.LocalPostgresExtensions.FindServerBinaries() ?? throw new PostgresNotFoundException();
        Directory.CreateDirectory(root);
        var passwordFile = Path.Combine(root, "password");
        var server = new LocalPostgres(bin, root, port, await EnsurePasswordAsync(passwordFile, cancellationToken));

        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            // initdb and postgres refuse to run as root, so the server's folder belongs to the postgres user.
            await RunAsync("chown", ["-R", $"{SuperUser}:", root], asPostgres: false, cancellationToken);
        }

        if (!File.Exists(Path.Combine(server.DataDir, "PG_VERSION")))
        {
            await server.RunToolAsync("initdb", ["-D", server.DataDir, "-U", SuperUser, "--pwfile", passwordFile,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale"], cancellationToken);
        }

        // A server left behind by an AppHost that was killed outright is stopped, then started on our terms.
        if (File.Exists(Path.Combine(server.DataDir, "postmaster.pid")))
        {
            await server.StopServerAsync(CancellationToken.None, ignoreFailure: true);
        }

        var socketDir = Path.Combine(root, "run");
        Directory.CreateDirectory(socketDir);
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            await RunAsync("chown", [$"{SuperUser}:", socketDir], asPostgres: false, cancellationToken);
        }

        await server.RunToolAsync("pg_ctl", ["-D", server.DataDir, "-l", server.LogFile, "-w", "-t", "60",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={socketDir} -c max_connections=200 -c timezone=UTC",
            "start"], cancellationToken);
        server._running = true;

        await server.EnsureDatabaseAsync(cancellationToken);
        return server;
    }

    public async Task StopAsync()
    {
        if (_running)
        {
            _running = false;
            await StopServerAsync(CancellationToken.None, ignoreFailure: false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private Task StopServerAsync(CancellationToken cancellationToken, bool ignoreFailure) =>
        RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken, ignoreFailure);

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = SuperUser, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<string> EnsurePasswordAsync(string passwordFile, CancellationToken cancellationToken)
    {
        if (File.Exists(passwordFile))
        {
            return (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    private Task RunToolAsync(string tool, string[] args, CancellationToken cancellationToken, bool ignoreFailure = false) =>
        RunAsync(Path.Combine(_bin, tool), args, asPostgres: true, cancellationToken, ignoreFailure);

    private static async Task RunAsync(string file, string[] args, bool asPostgres, CancellationToken cancellationToken, bool ignoreFailure = false)
    {
        var startInfo = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            startInfo.FileName = "runuser";
            foreach (var arg in (string[])["-u", SuperUser, "--", file])
            {
                startInfo.ArgumentList.Add(arg);
            }
        }
        else
        {
            startInfo.FileName = file;
        }

        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }
}

public sealed class PostgresNotFoundException() : Exception(
    "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH, in /usr/lib/postgresql/*/bin or in /usr/local/bin. " +
    "Install them (Debian/Ubuntu: sudo apt-get install postgresql) or point PicChat at an existing server with " +
    "ConnectionStrings__picchat=\"Host=...;Username=...;Password=...;Database=picchat\".");
