using System.Threading.Channels;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Hosting;

namespace PicChat.Api.Chats;

/// <summary>
/// One picture's feed on this API instance: the picture's events from one stream subscription, handed to each of
/// its local subscribers' <see cref="FeedBuffer"/>s. It passes them on in seq order without gaps or repeats: a gap
/// in the stream is read from the log once for all subscribers, and while the stream is quiet the feed asks the log
/// now and then whether it lost the last events (then ticks, so subscribers send heartbeats). A subscriber that falls
/// behind loses the oldest events of its own buffer and reads them back from the log (see <see cref="SubscriberStream"/>).
/// </summary>
internal sealed class PictureFeed
{
    private readonly IGrainFactory _grains;
    private readonly IChatEventSource _source;
    private readonly TimeSpan _heartbeat;
    private readonly Lock _subscribersLock;
    private readonly ILogger _logger;
    private readonly HashSet<ChannelWriter<FeedEvent>> _subscribers = [];
    private readonly SemaphoreSlim _delivering = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ChannelWriter<FeedEvent>[] _snapshot = [];
    private bool _changed;
    private long _lastSeq;
    private IAsyncDisposable? _subscription;

    /// <param name="subscribersLock">The registry's lock, under which subscribers join and leave.</param>
    public PictureFeed(long picId, IGrainFactory grains, IChatEventSource source, TimeSpan heartbeat, Lock subscribersLock, ILogger logger)
    {
        PicId = picId;
        _grains = grains;
        _source = source;
        _heartbeat = heartbeat;
        _subscribersLock = subscribersLock;
        _logger = logger;
        Started = new Lazy<Task>(StartAsync);
    }

    public long PicId { get; }

    /// <summary>The stream subscription, made by the first subscriber; the others wait for it.</summary>
    public Lazy<Task> Started { get; }

    /// <summary>The last seq passed on (every earlier one was passed on, or is not in the log).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Subscribers; read and changed under the registry's lock.</summary>
    public int Count => _subscribers.Count;

    private IChatRoomGrain Room => _grains.Grain<IChatRoomGrain>(PicId);

    public void Join(ChannelWriter<FeedEvent> writer)
    {
        _subscribers.Add(writer);
        _changed = true;
    }

    public bool Leave(ChannelWriter<FeedEvent> writer)
    {
        _changed = true;
        return _subscribers.Remove(writer);
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Started.Value;
            if (_subscription is not null)
            {
                await _subscription.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Leaving the chat stream of picture {PicId} failed", PicId);
        }
    }

    private async Task StartAsync()
    {
        _subscription = await _source.SubscribeAsync(PicId, OnStreamEventAsync);
        // Earlier events are each subscriber's to read from the log, from its own cursor.
        var committed = await Room.GetLastSeqAsync();
        await _delivering.WaitAsync();
        try
        {
            _lastSeq = Math.Max(_lastSeq, committed);
        }
        finally
        {
            _delivering.Release();
        }

        _ = BeatAsync(_heartbeat, _stopping.Token);
    }

    private async Task OnStreamEventAsync(ChatEvent chatEvent)
    {
        await _delivering.WaitAsync();
        try
        {
            if (chatEvent.Seq > _lastSeq + 1)
            {
                await FillFromLogAsync(chatEvent.Seq - 1);
            }

            if (chatEvent.Seq > _lastSeq)
            {
                Pass(FeedEvent.Of(PicId, chatEvent));
            }
        }
        finally
        {
            _delivering.Release();
        }
    }

    /// <summary>
    /// While the stream is quiet, its last event may have been lost and no later one would reveal the gap: ask
    /// the log what is committed, pass on what is missing, then tick.
    /// </summary>
    private async Task BeatAsync(TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var committed = _lastSeq;
                try
                {
                    committed = await Room.GetLastSeqAsync();
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Checking the chat log of picture {PicId} failed", PicId);
                }

                await _delivering.WaitAsync(stopping);
                try
                {
                    await FillFromLogAsync(committed);
                    // What the feed has passed on, not what the log holds: should reading the log fail, the
                    // subscribers must not all try it themselves.
                    Pass(FeedEvent.Tick(PicId, _lastSeq));
                }
                finally
                {
                    _delivering.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Passes on the log's events after the last one passed on, up to <paramref name="toSeq"/>.</summary>
    private async Task FillFromLogAsync(long toSeq)
    {
        try
        {
            while (_lastSeq < toSeq)
            {
                var range = await Room.ReadEventsAsync(_lastSeq, toSeq);
                foreach (var chatEvent in range.Events)
                {
                    Pass(FeedEvent.Of(PicId, chatEvent));
                }

                if (range.ThroughSeq <= _lastSeq)
                {
                    return; // nothing more is committed yet
                }

                Interlocked.Exchange(ref _lastSeq, range.ThroughSeq);
            }
        }
        catch (Exception ex)
        {
            // Subscribers see the gap themselves and read it from the log.
            _logger.LogWarning(ex, "Reading missed chat events of picture {PicId} failed", PicId);
        }
    }

    /// <summary>Hands an event to every subscriber: never waits, so one slow subscriber holds up nobody.</summary>
    private void Pass(FeedEvent feedEvent)
    {
        if (!feedEvent.IsTick)
        {
            Interlocked.Exchange(ref _lastSeq, Math.Max(_lastSeq, feedEvent.Seq));
        }

        foreach (var subscriber in Subscribers())
        {
            subscriber.TryWrite(feedEvent);
        }
    }

    /// <summary>The subscribers as an array, copied again only after someone joined or left.</summary>
    private ChannelWriter<FeedEvent>[] Subscribers()
    {
        lock (_subscribersLock)
        {
            if (_changed)
            {
                _snapshot = [.. _subscribers];
                _changed = false;
            }

            return _snapshot;
        }
    }
}
