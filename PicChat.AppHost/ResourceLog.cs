using System.Collections.Concurrent;

namespace PicChat.AppHost;

/// <summary>
/// Where every resource's output goes: a file per resource (<c>&lt;data-dir&gt;/logs/&lt;name&gt;.log</c>) and the
/// screen, each line behind its resource's name. With the live status view on, the screen shows the latest
/// lines under the table instead of scrolling.
/// </summary>
public sealed class ResourceLog : IDisposable
{
    public const int RecentLines = 10;

    private readonly string _directory;
    private readonly TextWriter _console;
    private readonly ConcurrentDictionary<string, StreamWriter> _files = new();
    private readonly Queue<string> _recent = new();
    private readonly Lock _lock = new();

    public ResourceLog(string dataDir, TextWriter console)
    {
        _directory = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(_directory);
        _console = console;
    }

    /// <summary>When true, lines are kept for the status view rather than written to the console.</summary>
    public bool Captured { get; set; }

    public string FileOf(string name) => Path.Combine(_directory, $"{name}.log");

    public void Write(string name, string line)
    {
        var file = _files.GetOrAdd(name, n => new StreamWriter(new FileStream(FileOf(n), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true });
        var text = $"[{name}] {line}";
        lock (_lock)
        {
            file.WriteLine($"{DateTime.UtcNow:O} {line}");
            if (Captured)
            {
                _recent.Enqueue(text);
                while (_recent.Count > RecentLines)
                {
                    _recent.Dequeue();
                }
            }
            else
            {
                _console.WriteLine(text);
            }
        }
    }

    public IReadOnlyList<string> Recent()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var file in _files.Values)
            {
                file.Dispose();
            }
        }
    }
}
