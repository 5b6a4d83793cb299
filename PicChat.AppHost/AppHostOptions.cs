namespace PicChat.AppHost;

/// <summary>The AppHost's command line (see <see cref="Usage"/>); silo N uses each silo port base + N - 1.</summary>
public sealed record AppHostOptions(
    int ApiPort, int Silos, int PostgresPort, int SiloPort, int GatewayPort, int ManagementPort, int DashboardPort, string DataDir)
{
    public static AppHostOptions Parse(string[] args, string repoRoot)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: {Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        int Int(string name, int fallback, int min, int max) =>
            !values.TryGetValue(name, out var text) ? fallback
            : int.TryParse(text, out var value) && value >= min && value <= max ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}. Usage: {Usage}");

        var unknown = values.Keys.Except(["api-port", "silos", "postgres-port", "silo-port", "gateway-port", "management-port", "dashboard-port", "data-dir"]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{unknown[0]}. Usage: {Usage}");
        }

        return new AppHostOptions(
            Int("api-port", 8080, 1, 65535),
            Int("silos", 2, 1, 16),
            Int("postgres-port", 55432, 1, 65535),
            Int("silo-port", 11111, 1, 65000),
            Int("gateway-port", 30000, 1, 65000),
            Int("management-port", 8090, 1, 65000),
            Int("dashboard-port", 8081, 0, 65535),
            Path.GetFullPath(values.GetValueOrDefault("data-dir") ?? Path.Combine(repoRoot, ".picchat")));
    }

    public const string Usage =
        "dotnet run --project PicChat.AppHost [-- --api-port 8080] [--silos 2] [--postgres-port 55432] [--silo-port 11111] "
        + "[--gateway-port 30000] [--management-port 8090] [--dashboard-port 8081 (0: off)] [--data-dir <repo>/.picchat]";
}
