using Spectre.Console;
using Spectre.Console.Rendering;

namespace PicChat.AppHost;

/// <summary>
/// The live status view: every resource with its state, pid, ports, health and restarts, the URLs a user
/// needs, and the latest log lines. Shown when the AppHost runs in a terminal; with output redirected (CI,
/// tests, a log file) the plain prefixed log lines are written instead.
/// </summary>
public static class StatusView
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Task RunAsync(Cluster cluster, ResourceLog log, CancellationToken cancellationToken) =>
        AnsiConsole.Live(Render(cluster, log)).AutoClear(false).StartAsync(async context =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                context.UpdateTarget(Render(cluster, log));
                try
                {
                    await Task.Delay(500, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
            }

            context.UpdateTarget(Render(cluster, log));
        });

    private static IRenderable Render(Cluster cluster, ResourceLog log)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]PicChat[/]")
            .AddColumns("resource", "state", "pid", "ports", "health", "restarts");
        if (cluster.Postgres is { } pg)
        {
            table.AddRow("postgres", pg.Pid is null ? "stopped" : "running", pg.Pid?.ToString() ?? "-", $"127.0.0.1:{pg.Port}", Health(pg.Healthy), "0");
        }

        foreach (var project in cluster.Projects)
        {
            table.AddRow(project.Name, project.State, project.Pid?.ToString() ?? "-", Markup.Escape(project.Ports), Health(project.Healthy), project.Restarts.ToString());
        }

        var urls = new Markup(
            $"API [link]{cluster.ApiUrl}[/]   reference [link]{cluster.ApiUrl}/docs[/]   OpenAPI [link]{cluster.ApiUrl}/openapi/v1.json[/]"
            + (cluster.DashboardUrl is { } dashboard ? $"   dashboard [link]{dashboard}[/]" : "")
            + "\n[grey]Ctrl+C stops everything. Full logs: the logs folder of the data directory.[/]");
        // One screen line per log line, so the table above never scrolls away.
        var width = Math.Max(40, Console.WindowWidth - 6);
        var recent = new Panel(new Text(string.Join('\n', log.Recent().Select(line => line.Length > width ? line[..(width - 1)] + "…" : line))))
            .Header("latest log lines").Expand();
        return new Rows(table, urls, recent);
    }

    private static string Health(bool? healthy) => healthy switch
    {
        true => "[green]healthy[/]",
        false => "[red]unhealthy[/]",
        null => "[grey]…[/]",
    };
}
