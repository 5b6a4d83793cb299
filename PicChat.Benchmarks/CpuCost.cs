using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Spectre.Console;

namespace PicChat.Benchmarks;

/// <summary>One request measured for its CPU: what it is, and the status it must be answered with.</summary>
public sealed record CpuPath(string Name, HttpShape Shape, int Status);

/// <summary>
/// CPU time per request of the API process and of the silos (all of them, summed), from /proc over a wrk run;
/// <see cref="ApiShare"/> and <see cref="SilosShare"/> are shares of the whole machine's CPU in that run.
/// </summary>
public sealed record CpuCostResult(
    string Path, int Status, double RequestsPerSecond, double ApiUsPerRequest, double SilosUsPerRequest, double ApiShare, double SilosShare);

/// <summary>
/// Where the CPU goes per request on the API's paths from cheapest to dearest: routing alone (404), a request
/// refused for want of a session (401), a signed-in request refused before any grain call (400), and answers.
/// Every request of a run counts (a 4xx is the answer sought here), so the figures compare with each other.
/// </summary>
public static class CpuCost
{
    public static IReadOnlyList<CpuPath> Paths(Seed seed) =>
    [
        new("GET / (404: routing and middleware only)", new("GET", "/"), 404),
        new("user-info-read without a token (401)", new("GET", $"/users/user-info-read?userId={seed.Friend.Id}"), 401),
        new("read-picture, picId=0 (400, no grain call)", new("GET", $"/pics/read-picture?picId=0&userId={seed.Friend.Id}", Token: seed.Friend.Token), 400),
        new("read-picture (200)", new("GET", $"/pics/read-picture?picId={seed.QuietPicture}&userId={seed.Friend.Id}", Token: seed.Friend.Token), 200),
        new("user-info-read (200)", new("GET", $"/users/user-info-read?userId={seed.Friend.Id}", Token: seed.Owner.Token), 200),
        new("read-chat (200)", new("GET", $"/chats/read-chat?chatId={seed.SomeChatId}", Token: seed.Friend.Token), 200),
    ];

    public static async Task<List<CpuCostResult>> RunAsync(SystemUnderTest system, Seed seed, BenchmarkOptions options)
    {
        var api = system.FindApiProcess() ?? throw new InvalidOperationException("the CPU table needs the API process on this machine");
        var silos = system.FindSiloProcesses();
        if (silos.Count == 0)
        {
            throw new InvalidOperationException("the CPU table needs the silo processes on this machine");
        }

        using var http = new HttpClient { BaseAddress = system.Api };
        var results = new List<CpuCostResult>();
        foreach (var path in Paths(seed))
        {
            await CheckStatusAsync(http, path);
            AnsiConsole.MarkupLine($"[bold]CPU[/]: {Markup.Escape(path.Name)}...");
            await Wrk.RunAsync(system.Api, path.Shape, options, options.Warmup);
            var (apiBefore, silosBefore) = (ProcessStats.CpuTime(api.Id), ProcessStats.CpuTime(silos));
            var clock = Stopwatch.StartNew();
            var load = await Wrk.RunAsync(system.Api, path.Shape, options, options.Duration);
            var elapsed = clock.Elapsed;
            var (apiCpu, silosCpu) = (ProcessStats.CpuTime(api.Id) - apiBefore, ProcessStats.CpuTime(silos) - silosBefore);
            var requests = Math.Max(1, load.Requests);
            var machine = elapsed * Environment.ProcessorCount;
            results.Add(new(path.Name, path.Status, load.Requests / elapsed.TotalSeconds,
                apiCpu.TotalMicroseconds / requests, silosCpu.TotalMicroseconds / requests, apiCpu / machine, silosCpu / machine));
        }

        return results;
    }

    public static void Print(IReadOnlyList<CpuCostResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("request", "req/s", "API µs/request", "silos µs/request", "API share", "silos share");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Path), r.RequestsPerSecond.ToString("#,0", CultureInfo.InvariantCulture),
                Wrk.Format(r.ApiUsPerRequest), Wrk.Format(r.SilosUsPerRequest), r.ApiShare.ToString("0%", CultureInfo.InvariantCulture),
                r.SilosShare.ToString("0%", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The table names what each row measures, so a path answered otherwise stops the run.</summary>
    private static async Task CheckStatusAsync(HttpClient http, CpuPath path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(path.Shape.Method), path.Shape.Path);
        if (path.Shape.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", path.Shape.Token);
        }

        using var response = await http.SendAsync(request);
        if ((int)response.StatusCode != path.Status)
        {
            throw new InvalidOperationException($"{path.Name}: answered {(int)response.StatusCode}, not {path.Status}");
        }
    }
}
