using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PicChat.Benchmarks;

/// <summary>One HTTP request shape for wrk: method, path, headers and a body; <c>{n}</c> in the body becomes a counter.</summary>
/// <summary>
/// One HTTP request shape for wrk: method, path, token and body. In the body, <c>{n}</c> becomes a number unique to
/// the request and <c>{pic}</c> the next of <see cref="PicIds"/>, round robin.
/// </summary>
public sealed record HttpShape(string Method, string Path, string? Body = null, string? Token = null, IReadOnlyList<long>? PicIds = null);

/// <summary>What one wrk run measured: successful requests per second, latency percentiles of all, and the failures.</summary>
/// <summary>One wrk run; <see cref="Shed"/> counts 503 answers (overload, with Retry-After), apart from errors.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, long Requests, long Errors, long Shed = 0);

/// <summary>
/// Drives load with wrk (C, epoll; Debian's package), so that the load generator costs far less CPU than the
/// server under test on the same two cores. A generated Lua script shapes the requests and prints the result
/// as one JSON line, percentiles included.
/// </summary>
public static class Wrk
{
    public static async Task<LoadResult> RunAsync(Uri server, HttpShape shape, BenchmarkOptions options, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"picchat-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(shape));
        try
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["-t", options.Threads.ToString(), "-c", options.Connections.ToString(),
                "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "10s", "-s", script, new Uri(server, shape.Path).ToString()])
            {
                start.ArgumentList.Add(arg);
            }

            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            var stderr = await wrk.StandardError.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRKJSON ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result:\n{output}\n{stderr}");
            var json = JsonDocument.Parse(line["WRKJSON ".Length..]).RootElement;
            var seconds = json.GetProperty("duration_us").GetDouble() / 1e6;
            var requests = json.GetProperty("requests").GetInt64();
            var shed = json.GetProperty("shed").GetInt64();
            var errors = json.GetProperty("errors").GetInt64() - shed;
            // Throughput counts answered successes only: a server refusing fast (429, 503) is not doing the work.
            // A 503 is how an overloaded server is meant to answer, so it is counted apart, not as an error.
            return new LoadResult(Math.Max(0, requests - errors - shed) / seconds,
                json.GetProperty("p50").GetDouble() / 1000, json.GetProperty("p95").GetDouble() / 1000, json.GetProperty("p99").GetDouble() / 1000,
                requests, errors, shed);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>wrk runs the script once per thread; each thread numbers its requests from its own offset.</summary>
    private static string Script(HttpShape shape)
    {
        var lua = new StringBuilder();
        lua.AppendLine("local thread_count = 0");
        lua.AppendLine("local threads = {}");
        lua.AppendLine("function setup(thread) thread:set(\"offset\", thread_count * 100000000); thread_count = thread_count + 1; table.insert(threads, thread) end");
        lua.AppendLine("shed = 0");
        lua.AppendLine("function response(status, headers, body) if status == 503 then shed = shed + 1 end end");
        lua.AppendLine("local n = 0");
        lua.AppendLine($"wrk.method = {Quote(shape.Method)}");
        lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        if (shape.Token is not null)
        {
            lua.AppendLine($"wrk.headers[\"Authorization\"] = {Quote("Bearer " + shape.Token)}");
        }

        lua.AppendLine($"local body = {(shape.Body is null ? "nil" : Quote(shape.Body))}");
        lua.AppendLine($"local pics = {{{string.Join(",", shape.PicIds ?? [])}}}");
        lua.AppendLine("function request()");
        lua.AppendLine("  n = n + 1");
        lua.AppendLine("  local b = body and string.gsub(body, \"{n}\", tostring((offset or 0) + n)) or nil");
        lua.AppendLine("  if b and #pics > 0 then b = string.gsub(b, \"{pic}\", tostring(pics[(n % #pics) + 1])) end");
        lua.AppendLine($"  return wrk.format(nil, {Quote(shape.Path)}, nil, b)");
        lua.AppendLine("end");
        lua.AppendLine("function done(summary, latency, requests)");
        lua.AppendLine("  local e = summary.errors");
        lua.AppendLine("  local s = 0");
        lua.AppendLine("  for _, t in ipairs(threads) do s = s + t:get(\"shed\") end");
        lua.AppendLine("  io.write(string.format('WRKJSON {\"requests\":%d,\"duration_us\":%d,\"errors\":%d,\"shed\":%d,\"p50\":%d,\"p95\":%d,\"p99\":%d}\\n',");
        lua.AppendLine("    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout, s,");
        lua.AppendLine("    latency:percentile(50), latency:percentile(95), latency:percentile(99)))");
        lua.AppendLine("end");
        return lua.ToString();
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
