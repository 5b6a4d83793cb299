using System.Net.Http.Headers;
using PicChat.Benchmarks;
using Spectre.Console;

// One command measures every hot path of PicChat against its ceiling on this machine, in the same run:
//   dotnet run -c Release --project PicChat.Benchmarks -- [--duration 10] [--connections 32] [--filter create-chat]
//     [--sse-subscribers 20000] [--sse-protocol h2|http1.1] [--silos 1]
// It exits non-zero when a request failed, never because something was slow.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var repoRoot = FindRepoRoot();
if (!File.Exists("/usr/bin/wrk"))
{
    Console.Error.WriteLine("wrk is needed (Debian/Ubuntu: sudo apt-get install wrk)");
    return 2;
}

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200; // a log file has no terminal width; keep the table readable
}

// Over HTTP/1.1 every subscriber is a socket here and in the API; over h2 a thousand share one.
if (options is { SseSubscribers: > 0, SseProtocol: "http1.1" } && !OpenFiles.TryRaise((ulong)options.SseSubscribers * 2 + 4096))
{
    Console.Error.WriteLine($"Could not raise the open-file limit for {options.SseSubscribers:#,0} SSE subscribers (run as root, or lower --sse-subscribers).");
}

AnsiConsole.MarkupLine(options.Url is null ? "Starting PicChat (AppHost, Release)..." : $"Measuring {options.Url}");
await using var system = await SystemUnderTest.StartAsync(options, repoRoot);
List<ScenarioResult> results;
List<CpuCostResult> cpu;
ScaleResult? scale;
FanoutResult? fanout;
try
{
    (results, cpu, scale, fanout) = await MeasureAsync(system, options);
}
catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or Npgsql.NpgsqlException)
{
    // Report and stop here, so that the AppHost and everything it started are stopped on the way out.
    Console.Error.WriteLine(ex);
    return 1;
}

Report.Print(results);
CpuCost.Print(cpu);
if (scale is { } s)
{
    AnsiConsole.MarkupLine($"Memory over {s.Silos} silo(s), {s.Count:#,0} of each, silos' resident memory per activation: picture {s.KbPerPicture:0.0} KB, "
        + $"active chat room {s.KbPerChatRoom:0.0} KB, idle user {s.KbPerIdleUser:0.0} KB; {s.SilosResidentMbAfter:#,0} MB in all after ({s.Seconds:0} s)");
}

var output = Path.IsPathRooted(options.Output) ? options.Output : Path.Combine(repoRoot, options.Output);
await Report.WriteAsync(output, results, cpu, scale, new
{
    cores = Environment.ProcessorCount,
    os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    dotnet = Environment.Version.ToString(),
    options.Connections,
    options.Threads,
    silos = options.Silos,
    topology = options.Topology,
    placement = options.Placement,
    durationSeconds = options.Duration.TotalSeconds,
    when = DateTime.UtcNow,
}, fanout);
AnsiConsole.MarkupLine($"Results in {Markup.Escape(output)}/results.json and results.svg");
var failed = results.Where(r => r.PicChat.Errors > 0 || r.Ceiling.Errors > 0).ToList();
if (fanout is { } f && (f.Connected < f.Subscribers || f.Received < f.Expected))
{
    Console.Error.WriteLine($"SSE fan-out: {f.Connected} of {f.Subscribers} subscribed, {f.Received} of {f.Expected} deliveries");
    return 1;
}

foreach (var r in failed)
{
    Console.Error.WriteLine($"{r.Scenario.Name}: {r.PicChat.Errors} PicChat errors, {r.Ceiling.Errors} ceiling errors");
}

return failed.Count == 0 ? 0 : 1;

static async Task<(List<ScenarioResult>, List<CpuCostResult>, ScaleResult?, FanoutResult?)> MeasureAsync(SystemUnderTest system, BenchmarkOptions options)
{
    AnsiConsole.MarkupLine($"PicChat at {system.Api}; seeding users, pictures and {Seed.LargeHistory:#,0} chats of history...");
    var seed = await Seed.CreateAsync(system.Api, system.ConnectionString);
    await using var ceilings = await Ceilings.StartAsync(system.ConnectionString, seed.LargeHistoryPicture, seed.Password);
    using var http = new HttpClient { BaseAddress = system.Api };
    var (waited, idleShare) = await Settle.UntilIdleAsync();
    AnsiConsole.MarkupLine($"Seeded; the machine was {idleShare:P0} idle after {waited.TotalSeconds:0.0} s.");
    var results = new List<ScenarioResult>();
    foreach (var scenario in Scenarios.All(seed).Where(s => options.Selects(s.Name)))
    {
        if (scenario.Ceiling.BareJson)
        {
            ceilings.Serve(scenario.Name, await CaptureAsync(http, scenario.PicChat));
        }

        var ceilingShape = scenario.Ceiling.Shape ?? new HttpShape("GET", $"/bare/{Uri.EscapeDataString(scenario.Name)}");
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]: PicChat...");
        await Wrk.RunAsync(system.Api, scenario.PicChat, options, options.Warmup);
        var picchat = await Wrk.RunAsync(system.Api, scenario.PicChat, options, options.Duration);
        AnsiConsole.MarkupLine($"  {picchat.RequestsPerSecond:#,0} req/s, p99 {picchat.P99Ms:0.0} ms, {picchat.Errors} errors, {picchat.Shed} overload answers (503); ceiling ({Markup.Escape(scenario.Ceiling.Name)})...");
        await Wrk.RunAsync(ceilings.Url, ceilingShape, options, options.Warmup);
        var ceiling = await Wrk.RunAsync(ceilings.Url, ceilingShape, options, options.Duration);
        results.Add(new ScenarioResult(scenario, picchat, ceiling));
        AnsiConsole.MarkupLine($"  ceiling {ceiling.RequestsPerSecond:#,0} req/s → ratio {results[^1].Ratio:0.00}× (target ≥ {scenario.Target:0.0#}×)");
    }

    var cpu = options.Selects("cpu")
        ? await CpuCost.RunAsync(system, seed, options)
        : [];
    var scale = options.Selects("scale")
        ? await ScaleMemory.RunAsync(system, seed, line => AnsiConsole.MarkupLine(Markup.Escape(line)))
        : null;
    if (options.SseSubscribers > 0 && options.Selects("sse"))
    {
        AnsiConsole.MarkupLine($"[bold]SSE fan-out[/]: {options.SseSubscribers:#,0} subscribers on one picture ({options.SseProtocol})...");
        var fanout = await SseFanout.RunAsync(system, seed, options.SseProtocol, options.SseSubscribers, 20, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
        AnsiConsole.MarkupLine($"  {fanout.Received:#,0} of {fanout.Expected:#,0} deliveries, p50 {fanout.P50Ms:0.0} ms, p99 {fanout.P99Ms:0.0} ms, "
            + (fanout.MemoryPerSubscriberKb is { } kb ? $"{kb:0.0} KB per subscriber, " : "memory not measured, ")
            + $"{fanout.Connections:#,0} connections" + (fanout.ApiSockets is { } sockets ? $" ({sockets:+#,0;-#,0;0} API sockets)" : "")
            + (fanout.ApiCpuUsPerDelivery is { } apiCpu ? $", CPU per delivery {apiCpu:0.0} µs in the API and {fanout.ClientCpuUsPerDelivery:0.0} µs here" : "")
            + (fanout.ApiIdleCpuPercent is { } idle ? $", API CPU while idle {idle:0}% of a core" : "")
            + (fanout.Failures.Count == 0 ? "" : "; failed: " + string.Join(", ", fanout.Failures.Select(f => $"{f.Value:#,0} {f.Key}"))));
        return (results, cpu, scale, fanout);
    }

    return (results, cpu, scale, null);
}

static async Task<byte[]> CaptureAsync(HttpClient http, HttpShape shape)
{
    using var request = new HttpRequestMessage(new HttpMethod(shape.Method), shape.Path);
    if (shape.Token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shape.Token);
    }

    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return await response.Content.ReadAsByteArrayAsync();
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PicChat.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
