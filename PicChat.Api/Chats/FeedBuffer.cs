using System.Threading.Channels;

namespace PicChat.Api.Chats;

/// <summary>
/// One subscriber's place in a <see cref="PictureFeed"/>: a bounded buffer of the feed's events that drops its
/// oldest when the subscriber falls behind (it then reads them back from the log). Disposing it leaves the feed.
/// </summary>
public sealed class FeedBuffer : IDisposable
{
    private readonly Channel<FeedEvent> _channel;
    private readonly Func<long> _feedSeq;
    private readonly Action _leave;
    private int _left;

    internal FeedBuffer(long picId, Channel<FeedEvent> channel, Func<long> feedSeq, Action leave)
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

    /// <summary>A buffer of <paramref name="capacity"/> events that, when full, drops its oldest.</summary>
    internal static Channel<FeedEvent> CreateChannel(int capacity) =>
        Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

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
