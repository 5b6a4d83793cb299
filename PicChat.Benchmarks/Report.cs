using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace PicChat.Benchmarks;

/// <summary>The results: a table on screen, results.json, and a plot of each scenario against its ceiling.</summary>
public static class Report
{
    public static void Print(IReadOnlyList<ScenarioResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "ceiling", "ceiling req/s", "ratio", "target");
        foreach (var r in results)
        {
            var ratio = r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
            table.AddRow(
                Markup.Escape(r.Scenario.Name), Number(r.PicChat.RequestsPerSecond), Wrk.Format(r.PicChat.P50Ms), Wrk.Format(r.PicChat.P95Ms),
                Wrk.Format(r.PicChat.P99Ms), (r.PicChat.Errors == 0 ? "0" : $"[red]{r.PicChat.Errors}[/]") + (r.PicChat.Shed > 0 ? $" ({r.PicChat.Shed} × 503)" : ""),
                Markup.Escape(r.Scenario.Ceiling.Name), Number(r.Ceiling.RequestsPerSecond),
                r.MeetsTarget ? $"[green]{ratio}[/]" : $"[yellow]{ratio}[/]", $"≥ {r.Scenario.Target:0.0#}×");
        }

        AnsiConsole.Write(table);
    }

    public static async Task WriteAsync(string folder, IReadOnlyList<ScenarioResult> results, IReadOnlyList<CpuCostResult> cpu, ScaleResult? scale, object machine, FanoutResult? fanout)
    {
        Directory.CreateDirectory(folder);
        var json = results.Select(r => new
        {
            scenario = r.Scenario.Name,
            picchat = r.PicChat,
            ceilingName = r.Scenario.Ceiling.Name,
            ceiling = r.Ceiling,
            ratio = Math.Round(r.Ratio, 3),
            target = r.Scenario.Target,
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"),
            JsonSerializer.Serialize(new { machine, results = json, cpuPerRequest = cpu, memory = scale, sseFanout = fanout }, new JsonSerializerOptions
            {
                WriteIndented = true,
                // A fan-out that delivered nothing has no percentiles (NaN); the file must still be written.
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            }));
        await File.WriteAllTextAsync(Path.Combine(folder, "results.svg"), Plot(results));
    }

    /// <summary>Per scenario: throughput as a share of its ceiling (the bar, with the target marked), and both p99s.</summary>
    private static string Plot(IReadOnlyList<ScenarioResult> results)
    {
        const int rowHeight = 28, left = 260, barWidth = 420, top = 40;
        const double maxRatio = 2.0;
        var width = left + barWidth + 380; // room for "ratio · req/s · both p99s"
        var height = top + results.Count * rowHeight + 30;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="white"/>""");
        svg.AppendLine("""<text x="10" y="20" font-size="14" font-weight="bold">PicChat throughput ÷ ceiling (same run); p99 PicChat / ceiling</text>""");
        for (var tick = 0.0; tick <= maxRatio; tick += 0.5)
        {
            var x = left + tick / maxRatio * barWidth;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x:0}" y1="{top - 5}" x2="{x:0}" y2="{height - 25}" stroke="#ddd"/><text x="{x:0}" y="{height - 10}" text-anchor="middle">{tick:0.0}×</text>""");
        }

        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var y = top + i * rowHeight;
            var bar = Math.Min(r.Ratio, maxRatio) / maxRatio * barWidth;
            var target = left + r.Scenario.Target / maxRatio * barWidth;
            var colour = r.MeetsTarget ? "#3a9d5d" : "#d9822b";
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{left - 8}" y="{y + 16}" text-anchor="end">{Escape(r.Scenario.Name)}</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="{y + 4}" width="{bar:0.0}" height="16" fill="{colour}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{target:0.0}" y1="{y + 1}" x2="{target:0.0}" y2="{y + 23}" stroke="black" stroke-width="2"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{left + barWidth + 10}" y="{y + 16}">{r.Ratio:0.00}× · {Number(r.PicChat.RequestsPerSecond)} vs {Number(r.Ceiling.RequestsPerSecond)} req/s · p99 {r.PicChat.P99Ms:0.0} / {r.Ceiling.P99Ms:0.0} ms</text>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Number(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
