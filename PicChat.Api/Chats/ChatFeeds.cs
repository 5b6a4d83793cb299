using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// This API instance's window on the chat streams: one Orleans stream subscription per picture that has local
/// subscribers, fanned out to each of them. The feed passes events on in seq order without gaps or repeats: a
/// gap in the stream is read from the log once for all subscribers, and while the stream is quiet the feed asks
/// the log now and then whether it lost the last events (then ticks, so subscribers send heartbeats). A
/// subscriber that falls behind loses the oldest events of its own buffer and reads them back from the log (see
/// <see cref="ChatSubscriber"/>).
/// </summary>
public sealed class ChatFeeds(IClusterClient cluster, IOptions<ChatSubscriptionOptions> options, ILogger<ChatFeeds> logger)
{
    /// <summary>Events a subscriber may fall behind by before the oldest are dropped (and re-read from the log).</summary>
    public const int BufferPerSubscriber = 1024;

    private readonly IClusterClient _cluster = cluster;
    private readonly IOptions<ChatSubscriptionOptions> _options = options;
    private readonly ILogger<ChatFeeds> _logger = logger;
    private readonly Dictionary<long, Feed> _feeds = [];
    private readonly Lock _lock = new();

    /// <summary>Fault injection for tests: stream events it returns true for are dropped, as a lossy stream would.</summary>
    internal Func<ChatEvent, bool>? DropForTesting { get; set; }

    /// <summary>For tests: a smaller buffer per subscriber, so that one falls behind easily.</summary>
    internal int? BufferForTesting { get; set; }

    /// <summary>How many pictures this instance currently consumes (one stream subscription each).</summary>
    public int ActiveFeeds
    {
        get { lock (_lock) { return _feeds.Count; } }
    }

    /// <summary>Starts receiving the picture's events; they are buffered from the moment this returns.</summary>
    public async Task<FeedSubscription> SubscribeAsync(long picId)
    {
        var channel = Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(BufferForTesting ?? BufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        Feed feed;
        lock (_lock)
        {
            // A feed whose stream subscription failed is left to its subscribers, who leave it; newcomers try again.
            if (!_feeds.TryGetValue(picId, out feed!) || feed.Started is { IsValueCreated: true, Value.IsFaulted: true })
            {
                _feeds[picId] = feed = new Feed(picId, this);
            }

            feed.Join(channel.Writer);
        }

        var subscription = new FeedSubscription(picId, channel, () => feed.LastSeq, () => Leave(feed, channel.Writer));
        try
        {
            await feed.Started.Value;
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    private void Leave(Feed feed, ChannelWriter<FeedEvent> writer)
    {
        lock (_lock)
        {
            if (!feed.Leave(writer) || feed.Count > 0)
            {
                return;
            }

            if (_feeds.GetValueOrDefault(feed.PicId) == feed)
            {
                _feeds.Remove(feed.PicId);
            }
        }

        _ = feed.StopAsync();
    }

    /// <summary>One picture's stream subscription on this instance, and its subscribers.</summary>
    private sealed class Feed
    {
        private readonly ChatFeeds _owner;
        private readonly HashSet<ChannelWriter<FeedEvent>> _subscribers = [];
        private readonly SemaphoreSlim _delivering = new(1, 1);
        private readonly CancellationTokenSource _stopping = new();
        private ChannelWriter<FeedEvent>[] _snapshot = [];
        private bool _changed;
        private long _lastSeq;
        private StreamSubscriptionHandle<ChatEvent>? _handle;

        public Feed(long picId, ChatFeeds owner)
        {
            PicId = picId;
            _owner = owner;
            Started = new Lazy<Task>(StartAsync);
        }

        public long PicId { get; }

        /// <summary>The stream subscription, made by the first subscriber; the others wait for it.</summary>
        public Lazy<Task> Started { get; }

        /// <summary>The last seq passed on (every earlier one was passed on, or is not in the log).</summary>
        public long LastSeq => Interlocked.Read(ref _lastSeq);

        /// <summary>Subscribers; read and changed under the owner's lock.</summary>
        public int Count => _subscribers.Count;

        private IChatRoomGrain Room => _owner._cluster.GetGrain<IChatRoomGrain>(PicId);

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
                if (_handle is not null)
                {
                    await _handle.UnsubscribeAsync();
                }
            }
            catch (Exception ex)
            {
                _owner._logger.LogWarning(ex, "Leaving the chat stream of picture {PicId} failed", PicId);
            }
        }

        private async Task StartAsync()
        {
            var stream = _owner._cluster.GetStreamProvider(ChatStreams.Provider).GetStream<ChatEvent>(ChatStreams.Namespace, PicId);
            _handle = await stream.SubscribeAsync((chatEvent, _) => OnStreamEventAsync(chatEvent));
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

            _ = BeatAsync(_owner._options.Value.Heartbeat, _stopping.Token);
        }

        private async Task OnStreamEventAsync(ChatEvent chatEvent)
        {
            if (_owner.DropForTesting?.Invoke(chatEvent) == true)
            {
                return;
            }

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
                        _owner._logger.LogWarning(ex, "Checking the chat log of picture {PicId} failed", PicId);
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
                _owner._logger.LogWarning(ex, "Reading missed chat events of picture {PicId} failed", PicId);
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
            lock (_owner._lock)
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
}

/// <summary>One subscriber's buffered events; disposing it leaves the feed.</summary>
public sealed class FeedSubscription : IDisposable
{
    private readonly Channel<FeedEvent> _channel;
    private readonly Func<long> _feedSeq;
    private readonly Action _leave;
    private int _left;

    internal FeedSubscription(long picId, Channel<FeedEvent> channel, Func<long> feedSeq, Action leave)
    {
        PicId = picId;
        _channel = channel;
        _feedSeq = feedSeq;
        _leave = leave;
    }

    public long PicId { get; }

    public ChannelReader<FeedEvent> Events => _channel.Reader;

    /// <summary>The last seq the feed has passed on: a subscriber whose cursor is there has nothing to read from the log.</summary>
    public long FeedSeq => _feedSeq();

    /// <summary>Ends the events: the reader sees the end once it has read what is buffered (or the error at once).</summary>
    public void End(Exception? error = null) => _channel.Writer.TryComplete(error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _leave();
        }
    }
}
