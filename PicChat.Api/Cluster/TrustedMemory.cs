using System.Collections.Concurrent;

namespace PicChat.Api.Cluster;

/// <summary>
/// What an API instance remembers of grains' answers (sessions, reads). It is trusted only while
/// <see cref="InstanceNotices"/> knows its subscription to the cluster's notices is continuous; once distrusted
/// it forgets everything, and until trusted again every request asks the grains.
/// </summary>
public abstract class TrustedMemory
{
    /// <summary>How long an answer is remembered: the bound on staleness should a notice ever be lost.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Bounds memory per kind of answer: past it that kind starts over (each entry costs a grain call to rebuild).</summary>
    public const int MaxEntries = 200_000;

    private volatile bool _trusted;

    public bool Trusted
    {
        get => _trusted;
        set
        {
            if (!value)
            {
                Forget();
            }

            _trusted = value;
        }
    }

    /// <summary>Drops the entries whose time is up, so that answers nobody asks for again do not stay forever.</summary>
    protected static void DropExpired<TKey, TEntry>(ConcurrentDictionary<TKey, TEntry> entries, Func<TEntry, DateTimeOffset> until, DateTimeOffset now)
        where TKey : notnull
    {
        foreach (var (key, entry) in entries)
        {
            if (until(entry) <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops everything remembered, and makes any answer being fetched meanwhile unremembered too.</summary>
    protected abstract void Forget();
}
