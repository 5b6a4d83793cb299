using System.Collections.Concurrent;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Hosting;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Cluster;

/// <summary>
/// Answers of read-mostly grains this instance was given recently (a picture as one viewer sees it, a profile,
/// whether a friend list shares with a viewer), so that most reads need no grain call. Grains decide; this only
/// remembers what they said. Every write that changes an answer tells every instance (<see cref="ReadChange"/>,
/// through <see cref="InstanceNotices"/>) before it is acknowledged, and the cache is trusted only while that
/// subscription is known to be continuous. Nothing negative is remembered except "does not share", which only a
/// friend-list write (which tells) can change.
/// </summary>
public sealed class ReadCache(TimeProvider time) : TrustedMemory
{
    private readonly ConcurrentDictionary<(long PicId, long ViewerId), Remembered<PictureInfo>> _pictures = new();
    private readonly ConcurrentDictionary<long, Remembered<UserProfile>> _profiles = new();
    private readonly ConcurrentDictionary<(long OwnerId, long ViewerId), Remembered<bool>> _sharing = new();
    private readonly ConcurrentDictionary<ReadChange, long> _versions = new();
    private long _changes;

    /// <summary>The picture as <paramref name="viewerId"/> may see it, or null (no such picture, or not theirs to see).</summary>
    public async Task<PictureInfo?> PictureAsync(IGrainFactory grains, long picId, long viewerId)
    {
        if (Trusted && _pictures.TryGetValue((picId, viewerId), out var known)
            && IsCurrent(known, new(ReadChangeKind.Picture, picId), new(ReadChangeKind.Friends, known.Value.OwnerId)))
        {
            return known.Value;
        }

        var changesBefore = Volatile.Read(ref _changes);
        var picture = await grains.Grain<IPictureGrain>(picId).GetAsync(viewerId);
        if (picture is not null)
        {
            Remember(_pictures, (picId, viewerId), picture, changesBefore,
                new(ReadChangeKind.Picture, picId), new(ReadChangeKind.Friends, picture.OwnerId));
        }

        return picture;
    }

    /// <summary>The user's profile, or null when there is no such user (never remembered).</summary>
    public async Task<UserProfile?> ProfileAsync(IGrainFactory grains, long userId)
    {
        var change = new ReadChange(ReadChangeKind.Profile, userId);
        if (Trusted && _profiles.TryGetValue(userId, out var known) && IsCurrent(known, change, change))
        {
            return known.Value;
        }

        var changesBefore = Volatile.Read(ref _changes);
        var profile = await grains.Grain<IUserGrain>(userId).GetProfileAsync();
        if (profile is not null)
        {
            Remember(_profiles, userId, profile, changesBefore, change, change);
        }

        return profile;
    }

    /// <summary>Whether <paramref name="ownerId"/>'s friend list shares with <paramref name="viewerId"/>.</summary>
    public async Task<bool> SharesWithAsync(IGrainFactory grains, long ownerId, long viewerId)
    {
        var change = new ReadChange(ReadChangeKind.Friends, ownerId);
        if (Trusted && _sharing.TryGetValue((ownerId, viewerId), out var known) && IsCurrent(known, change, change))
        {
            return known.Value;
        }

        var changesBefore = Volatile.Read(ref _changes);
        var shares = await grains.Grain<IFriendListGrain>(ownerId).SharesWithAsync(viewerId);
        Remember(_sharing, (ownerId, viewerId), shares, changesBefore, change, change);
        return shares;
    }

    /// <summary>What <paramref name="change"/> names changed: every answer that depends on it is void from now on.</summary>
    public void Changed(ReadChange change)
    {
        // The count first: a read that fetched before this change and stores after it sees the count moved and
        // stores nothing; one that stores before it kept the old version, which this then moves past. The new
        // version is the count itself, so no version is ever given twice, not even after Forget clears them.
        var version = Interlocked.Increment(ref _changes);
        _versions[change] = version;
        if (_versions.Count > MaxEntries)
        {
            Forget();
        }
    }

    /// <summary>Drops expired answers; called now and then so that answers nobody reads do not stay forever.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        DropExpired(_pictures, answer => answer.Until, now);
        DropExpired(_profiles, answer => answer.Until, now);
        DropExpired(_sharing, answer => answer.Until, now);
    }

    public int Count => _pictures.Count + _profiles.Count + _sharing.Count;

    private bool IsCurrent<T>(Remembered<T> known, ReadChange first, ReadChange second) =>
        known.Until > time.GetUtcNow() && known.FirstVersion == Version(first) && known.SecondVersion == Version(second);

    private long Version(ReadChange change) => _versions.TryGetValue(change, out var version) ? version : 0;

    private void Remember<TKey, T>(ConcurrentDictionary<TKey, Remembered<T>> answers, TKey key, T value, long changesBefore,
        ReadChange first, ReadChange second)
        where TKey : notnull
    {
        if (!Trusted)
        {
            return;
        }

        if (answers.Count >= MaxEntries)
        {
            answers.Clear();
        }

        // Stored, then checked: a change counted before the check takes the answer out again (it may predate the
        // change, or a Forget may have reset the versions read here); one counted after it moves past the versions.
        var remembered = new Remembered<T>(value, time.GetUtcNow() + Lifetime, Version(first), Version(second));
        answers[key] = remembered;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _changes) != changesBefore)
        {
            answers.TryRemove(KeyValuePair.Create(key, remembered));
        }
    }

    protected override void Forget()
    {
        Interlocked.Increment(ref _changes);
        _pictures.Clear();
        _profiles.Clear();
        _sharing.Clear();
        _versions.Clear();
    }

    private sealed record Remembered<T>(T Value, DateTimeOffset Until, long FirstVersion, long SecondVersion);
}
