using System.Diagnostics;

namespace PicChat.Benchmarks;

/// <summary>What /proc says about a process of the system under test: CPU time, resident memory, sockets.</summary>
public static class ProcessStats
{
    /// <summary>User and system CPU time (/proc/pid/stat, fields 14 and 15, in clock ticks of 10 ms).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }

    public static TimeSpan CpuTime(IEnumerable<Process> processes) =>
        processes.Aggregate(TimeSpan.Zero, (sum, process) => sum + CpuTime(process.Id));

    public static long ResidentKb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();

    public static int Sockets(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
                .Count(fd => fd.LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Whether the process was started with an environment that mentions <paramref name="text"/>.</summary>
    public static bool EnvironmentMentions(Process process, string text)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/environ").Contains(text, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
