using System.Threading.Channels;
using Orleans.Streams;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// This API instance's window on the chat streams: one Orleans stream subscription per picture that has local
/// subscribers, fanned out to each of them. Subscribers own their ordering and gap-filling (see
/// <see cref="ChatSubscriber"/>), so a slow one only loses buffered events it will re-read from the log.
/// </summary>
public sealed class ChatFeeds(IClusterClient cluster, ILogger<ChatFeeds> logger)
{
    /// <summary>Events a subscriber may fall behind by before the oldest are dropped (and re-read from the log).</summary>
    public const int BufferPerSubscriber = 1024;

    private readonly IClusterClient _cluster = cluster;
    private readonly ILogger<ChatFeeds> _logger = logger;
    private readonly Dictionary<long, Feed> _feeds = [];
    private readonly Lock _lock = new();

    /// <summary>Fault injection for tests: events it returns true for are dropped, as a lossy stream would.</summary>
    internal Func<ChatEvent, bool>? DropForTesting { get; set; }

    /// <summary>How many pictures this instance currently consumes (one stream subscription each).</summary>
    public int ActiveFeeds
    {
        get { lock (_lock) { return _feeds.Count; } }
    }

    /// <summary>Starts receiving the picture's events; they are buffered from the moment this returns.</summary>
    public async Task<FeedSubscription> SubscribeAsync(long picId)
    {
        var channel = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(BufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        Feed feed;
        lock (_lock)
        {
            if (!_feeds.TryGetValue(picId, out feed!))
            {
                _feeds[picId] = feed = new Feed(picId, this);
            }

            feed.Subscribers.Add(channel.Writer);
        }

        var subscription = new FeedSubscription(channel.Reader, () => Leave(feed, channel.Writer));
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

    private void Leave(Feed feed, ChannelWriter<ChatEvent> writer)
    {
        lock (_lock)
        {
            if (!feed.Subscribers.Remove(writer) || feed.Subscribers.Count > 0)
            {
                return;
            }

            _feeds.Remove(feed.PicId);
        }

        _ = feed.StopAsync();
    }

    private sealed class Feed
    {
        private readonly long picId;
        private readonly ChatFeeds owner;
        private StreamSubscriptionHandle<ChatEvent>? _handle;

        public Feed(long picId, ChatFeeds owner)
        {
            this.picId = picId;
            this.owner = owner;
            Started = new Lazy<Task>(SubscribeAsync);
        }

        public long PicId => picId;

        public List<ChannelWriter<ChatEvent>> Subscribers { get; } = [];

        /// <summary>The one stream subscription of this picture on this instance, made by the first subscriber.</summary>
        public Lazy<Task> Started { get; }

        private async Task SubscribeAsync()
        {
            var stream = owner._cluster.GetStreamProvider(ChatStreams.Provider).GetStream<ChatEvent>(ChatStreams.Namespace, picId);
            _handle = await stream.SubscribeAsync((chatEvent, _) =>
            {
                Deliver(chatEvent);
                return Task.CompletedTask;
            });
        }

        public async Task StopAsync()
        {
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
                owner._logger.LogWarning(ex, "Leaving the chat stream of picture {PicId} failed", picId);
            }
        }

        private void Deliver(ChatEvent chatEvent)
        {
            if (owner.DropForTesting?.Invoke(chatEvent) == true)
            {
                return;
            }

            ChannelWriter<ChatEvent>[] subscribers;
            lock (owner._lock)
            {
                subscribers = [.. Subscribers];
            }

            foreach (var subscriber in subscribers)
            {
                subscriber.TryWrite(chatEvent);
            }
        }
    }
}

/// <summary>One subscriber's buffered events; disposing it leaves the feed.</summary>
public sealed class FeedSubscription(ChannelReader<ChatEvent> events, Action leave) : IDisposable
{
    private int _left;

    public ChannelReader<ChatEvent> Events => events;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            leave();
        }
    }
}
