using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PicChat.Api.Chats;

/// <summary>
/// This API instance's feeds, one <see cref="PictureFeed"/> per picture that has subscribers here: the first
/// subscriber of a picture starts its feed (one stream subscription for all of them), the last one to leave stops
/// it. Each subscriber gets a <see cref="FeedBuffer"/> of its own in the feed.
/// </summary>
public sealed class PictureFeedRegistry(
    IClusterClient cluster, IChatEventSource source, IOptions<ChatSubscriptionOptions> options, ILogger<PictureFeedRegistry> logger)
{
    private readonly Dictionary<long, PictureFeed> _feeds = [];

    /// <summary>Guards the registry and every feed's set of subscribers, so joining never races a feed's stop.</summary>
    private readonly Lock _lock = new();

    /// <summary>How many pictures this instance currently consumes (one stream subscription each).</summary>
    public int ActiveFeeds
    {
        get { lock (_lock) { return _feeds.Count; } }
    }

    /// <summary>Starts receiving the picture's events; they are buffered from the moment this returns.</summary>
    public async Task<FeedBuffer> SubscribeAsync(long picId)
    {
        var channel = FeedBuffer.CreateChannel(options.Value.BufferPerSubscriber);
        PictureFeed feed;
        lock (_lock)
        {
            // A feed whose stream subscription failed is left to its subscribers, who leave it; newcomers try again.
            if (!_feeds.TryGetValue(picId, out feed!) || feed.Started is { IsValueCreated: true, Value.IsFaulted: true })
            {
                _feeds[picId] = feed = new PictureFeed(picId, cluster, source, options.Value.Heartbeat, _lock, logger);
            }

            feed.Join(channel.Writer);
        }

        var buffer = new FeedBuffer(picId, channel, () => feed.LastSeq, () => Leave(feed, channel.Writer));
        try
        {
            await feed.Started.Value;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return buffer;
    }

    private void Leave(PictureFeed feed, ChannelWriter<FeedEvent> writer)
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
}
