namespace PicChat.Benchmarks;

/// <summary>The command line: <c>dotnet run -c Release --project PicChat.Benchmarks -- [options]</c>.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>A running PicChat to measure instead of starting one (then <see cref="ConnectionString"/> is needed too).</summary>
    public Uri? Url { get; init; }

    /// <summary>Its PostgreSQL, for seeding history and for the database ceilings.</summary>
    public string? ConnectionString { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Connections { get; init; } = 32;

    public int Threads { get; init; } = 2;

    /// <summary>SSE subscribers on one picture of one API instance (0: skip the fan-out).</summary>
    public int SseSubscribers { get; init; } = 20_000;

    /// <summary>
    /// How SSE subscribers connect: <c>h2</c> (HTTP/2 streams, many per connection, on the API's HTTP/2 port) or
    /// <c>http1.1</c> (a connection each, on the contract's port).
    /// </summary>
    public string SseProtocol { get; init; } = "h2";

    /// <summary>With <see cref="Url"/>: that instance's HTTP/2 port, for the SSE subscribers over h2.</summary>
    public Uri? Http2Url { get; init; }

    /// <summary>How many silos the AppHost starts (its own default when not given).</summary>
    public int? Silos { get; init; }

    /// <summary>The AppHost's <c>PicChat:Topology</c> (Client or CoHosted; its own default when not given).</summary>
    public string? Topology { get; init; }

    /// <summary>The silos' <c>PicChat:Placement</c> (PreferLocal or ResourceOptimized; their own default when not given).</summary>
    public string? Placement { get; init; }

    /// <summary>Only the scenarios whose name contains this, or one of its parts separated by '|'.</summary>
    public string? Filter { get; init; }

    /// <summary>Where results.json and the plot go.</summary>
    public string Output { get; init; } = "docs/benchmarks";

    /// <summary>Whether a scenario or section (cpu, scale, sse) is to run: no filter, or a part of it in its name.</summary>
    public bool Selects(string name) =>
        Filter is null || Filter.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(value) },
                "--connection-string" => options with { ConnectionString = value },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(int.Parse(value)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(int.Parse(value)) },
                "--connections" => options with { Connections = int.Parse(value) },
                "--threads" => options with { Threads = int.Parse(value) },
                "--sse-subscribers" => options with { SseSubscribers = int.Parse(value) },
                "--sse-protocol" => options with { SseProtocol = value is "h2" or "http1.1" ? value : throw new ArgumentException("--sse-protocol is h2 or http1.1") },
                "--http2-url" => options with { Http2Url = new Uri(value) },
                "--filter" => options with { Filter = value },
                "--silos" => options with { Silos = int.Parse(value) is var silos and > 0 ? silos : throw new ArgumentException("--silos is at least 1") },
                "--topology" => options with { Topology = value is "Client" or "CoHosted" ? value : throw new ArgumentException("--topology is Client or CoHosted") },
                "--placement" => options with { Placement = value is "PreferLocal" or "ResourceOptimized" ? value : throw new ArgumentException("--placement is PreferLocal or ResourceOptimized") },
                "--output" => options with { Output = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        if (options.Url is not null && options.ConnectionString is null)
        {
            throw new ArgumentException("--url needs --connection-string (its PostgreSQL, for seeding and the database ceilings)");
        }

        if (options is { Url: not null, Http2Url: null, SseProtocol: "h2", SseSubscribers: > 0 })
        {
            throw new ArgumentException("--url with SSE subscribers over h2 needs --http2-url (the instance's HTTP/2 port), or --sse-protocol http1.1");
        }

        return options;
    }
}
