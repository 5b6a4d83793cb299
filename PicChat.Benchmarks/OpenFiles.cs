using System.Runtime.InteropServices;

namespace PicChat.Benchmarks;

/// <summary>
/// Tens of thousands of SSE subscribers need as many sockets in this process and in the API, and the API (started
/// through the AppHost) inherits this process's limit. .NET raises the soft limit to the hard one by itself;
/// this raises the hard one, which only root may do.
/// </summary>
public static partial class OpenFiles
{
    private const int RlimitNofile = 7;

    public static bool TryRaise(ulong limit)
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var current) != 0)
        {
            return false;
        }

        if (current.Max >= limit && current.Current >= limit)
        {
            return true;
        }

        var wanted = new RLimit { Current = limit, Max = Math.Max(limit, current.Max) };
        return SetRLimit(RlimitNofile, ref wanted) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, ref RLimit limit);
}
