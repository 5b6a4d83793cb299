namespace PicChat.Benchmarks;

/// <summary>
/// Waits for the machine to go quiet after seeding, so the first scenario is not measured against the seeding's
/// after-work (PostgreSQL writing out 100,000 new rows, telemetry export): the whole machine's idle share from
/// /proc/stat, over half-second windows, bounded in time.
/// </summary>
public static class Settle
{
    public static async Task<(TimeSpan Waited, double IdleShare)> UntilIdleAsync(double idleShare = 0.85, TimeSpan? atMost = null)
    {
        var deadline = DateTime.UtcNow + (atMost ?? TimeSpan.FromSeconds(30));
        var started = DateTime.UtcNow;
        var (idle, total) = ReadCpu();
        double share;
        do
        {
            await Task.Delay(500);
            var (idleNow, totalNow) = ReadCpu();
            share = totalNow == total ? 1 : (double)(idleNow - idle) / (totalNow - total);
            (idle, total) = (idleNow, totalNow);
        }
        while (share < idleShare && DateTime.UtcNow < deadline);

        return (DateTime.UtcNow - started, share);
    }

    /// <summary>The first line of /proc/stat: idle and iowait ticks, and all ticks, over every core.</summary>
    private static (long Idle, long Total) ReadCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields[3] + fields[4], fields.Sum());
    }
}
