namespace PicChat.Tests.AppHost;

/// <summary>Processes below a process, read from /proc: what an orchestrator started, to check that it stops them.</summary>
internal static class ProcessTree
{
    /// <summary>
    /// Aspire's orchestrator (DCP) runs detached from the process that started it, watching it by pid
    /// (<c>dcp start-apiserver --monitor PID</c>); everything it runs is below it.
    /// </summary>
    public static List<int> StartedByAspire(int appHostPid)
    {
        var dcp = AllPids().Where(pid => CommandLine(pid) is var line && line.Contains("dcp") && line.Contains($"--monitor {appHostPid}"));
        return WithDescendants(dcp);
    }

    /// <summary>The given processes and every process below them, from one reading of /proc.</summary>
    private static List<int> WithDescendants(IEnumerable<int> roots)
    {
        var children = AllPids()
            .Select(pid => (Pid: pid, Parent: ParentOf(pid)))
            .Where(p => p.Parent > 0)
            .ToLookup(p => p.Parent, p => p.Pid);
        var found = new HashSet<int>(roots);
        var pending = new Queue<int>(found);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children[pid].Where(found.Add))
            {
                pending.Enqueue(child);
            }
        }

        return [.. found];
    }

    private static IEnumerable<int> AllPids() => Directory.GetDirectories("/proc")
        .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
        .Where(pid => pid > 0);

    public static bool IsAlive(int pid) =>
        // A zombie has exited; only its parent has not collected it yet.
        File.Exists($"/proc/{pid}/stat") && Stat(pid) is { } stat && stat.State != 'Z';

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int ParentOf(int pid) => Stat(pid)?.Parent ?? 0;

    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            // pid (comm) state ppid ...; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
