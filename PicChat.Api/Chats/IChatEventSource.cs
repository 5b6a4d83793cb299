using Orleans.Streams;
using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>
/// Where a <see cref="PictureFeed"/> hears its picture's committed events: the picture's Orleans stream
/// (<see cref="ChatStreamSource"/>). The feed does not rely on it to deliver everything: what it loses, the feed
/// reads from the log; tests put a lossy source in its place to see that it does.
/// </summary>
public interface IChatEventSource
{
    /// <summary>Starts passing the picture's events to <paramref name="onEvent"/>, one at a time; disposing the answer stops it.</summary>
    Task<IAsyncDisposable> SubscribeAsync(long picId, Func<ChatEvent, Task> onEvent);
}

/// <summary>The picture's chat stream (<see cref="ChatStreams"/>), as this API instance, an Orleans client, receives it.</summary>
public sealed class ChatStreamSource(IClusterClient cluster) : IChatEventSource
{
    public async Task<IAsyncDisposable> SubscribeAsync(long picId, Func<ChatEvent, Task> onEvent)
    {
        var stream = cluster.GetStreamProvider(ChatStreams.Provider).GetStream<ChatEvent>(ChatStreams.Namespace, picId);
        return new Subscription(await stream.SubscribeAsync((chatEvent, _) => onEvent(chatEvent)));
    }

    private sealed class Subscription(StreamSubscriptionHandle<ChatEvent> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }
}
