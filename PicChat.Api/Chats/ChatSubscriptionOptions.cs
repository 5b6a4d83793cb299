namespace PicChat.Api.Chats;

/// <summary>Timings and buffers of chat subscriptions, bound from <c>PicChat:Chats:Subscriptions</c>.</summary>
public sealed class ChatSubscriptionOptions
{
    public const string Section = "PicChat:Chats:Subscriptions";

    /// <summary>How often a picture's feed checks its log for lost events and its quiet subscriptions send a heartbeat.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How soon a client should reconnect after losing the stream (the SSE <c>retry</c> field).</summary>
    public TimeSpan Reconnect { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a subscription re-checks the session and the picture's visibility.</summary>
    public TimeSpan Recheck { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events a subscriber may fall behind by before the oldest are dropped from its buffer (and re-read from the log).</summary>
    public int BufferPerSubscriber { get; set; } = 1024;
}
