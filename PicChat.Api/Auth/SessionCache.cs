using System.Collections.Concurrent;
using PicChat.Abstractions.Users;
using PicChat.Api.Cluster;

namespace PicChat.Api.Auth;

/// <summary>
/// Sessions this API instance has validated recently, so that most requests are authenticated without a grain
/// call. Only trusted while <see cref="InstanceNotices"/> is subscribed to the cluster's broadcast of ended
/// sessions: an ending reaches every instance before the logout (or password change, or destroy) is answered.
/// </summary>
public sealed class SessionCache(TimeProvider time) : TrustedMemory
{
    private readonly ConcurrentDictionary<string, (long UserId, DateTimeOffset Until)> _sessions = new(StringComparer.Ordinal);
    private long _endings;

    /// <summary>How many endings this instance has heard: read before asking a grain, handed to <see cref="Remember"/>.</summary>
    public long Endings => Interlocked.Read(ref _endings);

    public int Count => _sessions.Count;

    public bool IsOpen(long userId, string sessionHash) =>
        Trusted && _sessions.TryGetValue(sessionHash, out var entry) && entry.UserId == userId && entry.Until > time.GetUtcNow();

    /// <summary>
    /// Whether the session is open: from memory when this instance knows, else as the user's grain says (an open
    /// session is then remembered). Every authenticated request asks this, and so does every SSE subscription
    /// now and then.
    /// </summary>
    public async Task<bool> IsOpenAsync(IUserGrain user, long userId, string sessionHash)
    {
        if (IsOpen(userId, sessionHash))
        {
            return true;
        }

        var endingsBefore = Endings;
        if (await user.GetSessionEndAsync(sessionHash) is not { } end)
        {
            return false;
        }

        Remember(userId, sessionHash, end, endingsBefore);
        return true;
    }

    /// <summary>
    /// Remembers a session a grain confirmed open until <paramref name="sessionEnd"/>, unless an ending was heard
    /// since <paramref name="endingsBefore"/> (it may be this one's, overtaking the confirmation).
    /// </summary>
    public void Remember(long userId, string sessionHash, DateTimeOffset sessionEnd, long endingsBefore)
    {
        if (!Trusted)
        {
            return;
        }

        if (_sessions.Count >= MaxEntries)
        {
            _sessions.Clear();
        }

        var until = time.GetUtcNow() + Lifetime;
        _sessions[sessionHash] = (userId, until < sessionEnd ? until : sessionEnd);
        if (Endings != endingsBefore)
        {
            _sessions.TryRemove(sessionHash, out _);
        }
    }

    /// <summary>One session (or every session of the user, when <paramref name="sessionHash"/> is null) ended.</summary>
    public void End(long userId, string? sessionHash)
    {
        Interlocked.Increment(ref _endings);
        if (sessionHash is not null)
        {
            _sessions.TryRemove(sessionHash, out _);
            return;
        }

        foreach (var (hash, entry) in _sessions)
        {
            if (entry.UserId == userId)
            {
                _sessions.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Drops expired entries; called now and then so sessions nobody uses do not stay forever.</summary>
    public void Sweep() => DropExpired(_sessions, entry => entry.Until, time.GetUtcNow());

    protected override void Forget()
    {
        Interlocked.Increment(ref _endings);
        _sessions.Clear();
    }
}
